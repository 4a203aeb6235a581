package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.Durability;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.autoconfigure.endpoint.ClickTypeEndpoint;
import io.clicktype.batch.autoconfigure.entities.PageView;
import io.clicktype.batch.autoconfigure.health.BatcherHealthIndicator;
import io.clicktype.batch.autoconfigure.metrics.WalMetrics;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** {@code durability: wal} from properties to the core config, and the log's state in metrics, health and endpoint. */
class WalSettingsTest {

    @TempDir
    Path dir;

    @Test
    void durabilityAndTheLogAreSetGloballyAndPerTableAndABadValueNamesItsProperty() {
        ClickTypeBatchProperties properties = new ClickTypeBatchProperties();
        properties.setDurability(Durability.WAL);
        properties.getWal().setDirectory(dir.toString());
        properties.getWal().setFsync(WalFsync.INTERVAL);
        properties.getWal().setFsyncInterval(Duration.ofMillis(10));
        ClickTypeBatchProperties.TableProperties audit = new ClickTypeBatchProperties.TableProperties();
        audit.getWal().setFsync(WalFsync.ALWAYS);
        audit.getWal().setMaxSize(DataSize.ofMegabytes(100));
        properties.getTables().put("audit", audit);
        ClickTypeBatchProperties.TableProperties clicks = new ClickTypeBatchProperties.TableProperties();
        clicks.setDurability(Durability.MEMORY);
        properties.getTables().put("clicks", clicks);
        BatchConfigFactory factory = new BatchConfigFactory(properties, "shop");

        BatchConfig events = factory.forTable("events");
        assertThat(events.durability()).isEqualTo(Durability.WAL);
        assertThat(events.wal().directory()).isEqualTo(dir);
        assertThat(events.wal().fsync()).isEqualTo(WalFsync.INTERVAL);
        assertThat(events.wal().fsyncInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(events.wal().maxSize()).isEqualTo(DataSize.ofGigabytes(1).toBytes());
        BatchConfig auditConfig = factory.forTable("audit");
        assertThat(auditConfig.wal().fsync()).isEqualTo(WalFsync.ALWAYS);
        assertThat(auditConfig.wal().maxSize()).isEqualTo(DataSize.ofMegabytes(100).toBytes());
        assertThat(factory.forTable("clicks").durability()).isEqualTo(Durability.MEMORY);

        audit.getWal().setMaxSize(DataSize.ofKilobytes(10));
        assertThatThrownBy(() -> factory.forTable("audit"))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationPropertyValueException) e).getName())
                        .isEqualTo("clicktype.batch.tables.audit.wal.max-size"))
                .hasMessageContaining("10240B");
        properties.getWal().setDirectory(null);
        // by default a directory of the process's user under tmp, never a shared clicktype-batch-wal
        assertThat(factory.forTable("events").wal().directory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"),
                "clicktype-batch-" + System.getProperty("user.name"), "wal", "shop"));
    }

    @Test
    void aTableWithDurabilityWalIsStartedOnItsLogAndAMemoryTableBesideItIsNot() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
                .withBean(ClickHouseTransport.class, FakeTransport::new)
                .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                        "clicktype.batch.spill.directory=" + dir.resolve("spill"),
                        "clicktype.batch.durability=wal", "clicktype.batch.wal.directory=" + dir.resolve("wal"),
                        "clicktype.batch.tables.clicks.durability=memory")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Batcher<?> pageViews = context.getBean("pageViewsBatcher", Batcher.class);
                    assertThat(pageViews.isRunning()).isTrue();
                    assertThat(pageViews.walStats()).hasValueSatisfying(wal -> assertThat(wal.directory())
                            .isEqualTo(dir.resolve("wal").resolve("page_views")));
                    assertThat(context.getBean("clicksBatcher", Batcher.class).walStats()).isEmpty();
                });
    }

    @Test
    void theLogsStateIsInMetricsHealthAndTheEndpoint() throws Exception {
        FakeTransport transport = new FakeTransport();
        BatchConfig config = BatchConfig.builder().durability(Durability.WAL)
                .wal(BatchConfig.defaults().wal().withDirectory(dir).withMaxSize(DataSize.ofMegabytes(8).toBytes()))
                .build();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).config(config)
                .closeOnJvmExit(false).build()) {
            batcher.start().insert(new PageView(1, "/"));
            batcher.handle().flush().get(10, TimeUnit.SECONDS);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("batcher", batcher));
            @SuppressWarnings("unchecked")
            ObjectProvider<Batcher<?>> provider = (ObjectProvider<Batcher<?>>) (ObjectProvider<?>) beans
                    .getBeanProvider(Batcher.class);
            new WalMetrics(provider).bindTo(registry);
            assertThat(registry.get("clicktype.batch.wal.bytes").tag("table", batcher.table().toString()).gauge()
                    .value()).isEqualTo(batcher.walStats().orElseThrow().bytes()).isPositive();
            assertThat(registry.get("clicktype.batch.wal.segments").gauge().value()).isEqualTo(1);
            assertThat(registry.get("clicktype.batch.wal.fsync").functionTimer().count()).isPositive();
            assertThat(registry.get("clicktype.batch.wal.rows").tag("outcome", "replayed").functionCounter().count())
                    .isZero();

            Map<String, Object> health = new BatcherHealthIndicator(batcher).health().getDetails();
            assertThat(health.get("wal")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("segments", 1)
                    // every row acknowledged: 0 (the batch's two marks after it, cut and acknowledgement, do not count)
                    .hasEntrySatisfying("unacknowledgedBytes", v -> assertThat((Long) v).isZero())
                    .hasEntrySatisfying("directory", d -> assertThat(d.toString()).startsWith(dir.toString()));

            Map<String, Object> endpoint = new ClickTypeEndpoint(provider).tables();
            assertThat(endpoint.get(batcher.table().toString()))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("wal")
                    .extractingByKey("wal").isNotNull();
            assertThat(endpoint.get(batcher.table().toString()))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).extractingByKey("config")
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("wal");
        }
    }

}
