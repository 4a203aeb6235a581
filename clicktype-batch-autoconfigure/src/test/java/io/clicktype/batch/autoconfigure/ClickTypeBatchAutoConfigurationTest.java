package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.Deduplication;
import io.clicktype.batch.InsertMode;
import io.clicktype.batch.SchemaMismatchException;
import io.clicktype.batch.ValidationMode;
import io.clicktype.batch.autoconfigure.entities.Click;
import io.clicktype.batch.autoconfigure.entities.PageView;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class ClickTypeBatchAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                    ClickTypeBatchMetricsAutoConfiguration.class, ClickTypeBatchHealthAutoConfiguration.class,
                    ClickTypeBatchEndpointAutoConfiguration.class))
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.directory=" + freshSpillDirectory());

    private static String freshSpillDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("autoconfigure-spill").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final ApplicationContextRunner withFakeTransport = runner.withBean(ClickHouseTransport.class,
            FakeTransport::new);

    @Test
    void defaultsMatchTheCore() {
        withFakeTransport.run(context -> {
            assertThat(context).hasNotFailed();
            Batcher<?> batcher = context.getBean("pageViewsBatcher", Batcher.class);
            assertThat(batcher.config()).isEqualTo(BatchConfig.defaults());
            assertThat(batcher.isRunning()).isTrue();
        });
    }

    @Test
    void twoEntitiesAreInjectedByGenericType() {
        withFakeTransport.withUserConfiguration(TwoHandles.class).run(context -> {
            TwoHandles beans = context.getBean(TwoHandles.class);
            assertThat(beans.pageViews.table().table()).isEqualTo("page_views");
            assertThat(beans.clicks.table().table()).isEqualTo("clicks");
            beans.pageViews.insert(new PageView(1, "/"));
            beans.clicks.insert(new Click(1, "ok"));
            beans.clicks.insert(new Click(2, "ok"));
            beans.pageViews.flush().get(5, TimeUnit.SECONDS);
            beans.clicks.flush().get(5, TimeUnit.SECONDS);
            FakeTransport transport = (FakeTransport) context.getBean(ClickHouseTransport.class);
            assertThat(transport.rows.get("page_views")).hasValue(1);
            assertThat(transport.rows.get("clicks")).hasValue(2);
        });
    }

    @Test
    void everyPropertyIsBoundOntoTheCoreConfig() {
        withFakeTransport.withPropertyValues("clicktype.batch.max-rows=11", "clicktype.batch.max-buffer-size=3MB",
                "clicktype.batch.max-wait=250ms", "clicktype.batch.queue-capacity=12", "clicktype.batch.max-block=2s",
                "clicktype.batch.max-retries=7", "clicktype.batch.retry-base-delay=20ms",
                "clicktype.batch.retry-max-delay=3s", "clicktype.batch.initial-buffer-size=8KB",
                "clicktype.batch.buffer-shrink-threshold=1MB", "clicktype.batch.shutdown-timeout=9s",
                "clicktype.batch.validation=warn", "clicktype.batch.deduplication=off",
                "clicktype.batch.insert-mode=async", "clicktype.batch.min-rows=5",
                "clicktype.batch.max-linger=4s", "clicktype.batch.inserts-in-flight=3").run(context -> {
                    BatchConfig config = context.getBean("pageViewsBatcher", Batcher.class).config();
                    assertThat(config).isEqualTo(new BatchConfig(11, DataSize.ofMegabytes(3).toBytes(),
                            Duration.ofMillis(250), 12, Duration.ofSeconds(2), 7, Duration.ofMillis(20),
                            Duration.ofSeconds(3), 8 * 1024, 1024 * 1024, Duration.ofSeconds(9), ValidationMode.WARN,
                            Deduplication.OFF, InsertMode.ASYNC).toBuilder().minRows(5).maxLinger(Duration.ofSeconds(4))
                            .insertsInFlight(3).build());
                });
    }

    @Test
    void insertsInFlightAreDecidedAtStartUnlessSetGloballyOrPerTable() {
        withFakeTransport.withPropertyValues("clicktype.batch.tables.clicks.inserts-in-flight=1").run(context -> {
            assertThat(context.getBean("pageViewsBatcher", Batcher.class).config().insertsInFlight())
                    .isEqualTo(BatchConfig.INSERTS_IN_FLIGHT_AUTO);
            assertThat(context.getBean("clicksBatcher", Batcher.class).config().insertsInFlight()).isEqualTo(1);
        });
        withFakeTransport.withPropertyValues("clicktype.batch.inserts-in-flight=9").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("insertsInFlight must be in [0, 8]");
        });
    }

    @Test
    void theEarlierNameChannelCapacityStillBindsToTheQueueCapacity() {
        withFakeTransport.withPropertyValues("clicktype.batch.channel-capacity=12",
                "clicktype.batch.tables.clicks.channel-capacity=34").run(context -> {
                    assertThat(context.getBean("pageViewsBatcher", Batcher.class).config().queueCapacity()).isEqualTo(12);
                    assertThat(context.getBean("clicksBatcher", Batcher.class).config().queueCapacity()).isEqualTo(34);
                });
    }

    @Test
    void aTableOverrideWinsOverTheGlobalValueWhichWinsOverTheDefault() {
        withFakeTransport.withPropertyValues("clicktype.batch.max-rows=100", "clicktype.batch.tables.clicks.max-rows=1000")
                .run(context -> {
                    assertThat(context.getBean("clicksBatcher", Batcher.class).config().maxRows()).isEqualTo(1000);
                    assertThat(context.getBean("pageViewsBatcher", Batcher.class).config().maxRows()).isEqualTo(100);
                    assertThat(context.getBean("pageViewsBatcher", Batcher.class).config().maxWait())
                            .isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void anOutOfRangeValueFailsStartupNamingTheProperty() {
        withFakeTransport.withPropertyValues("clicktype.batch.tables.clicks.queue-capacity=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("clicktype.batch.tables.clicks.queue-capacity")
                    .hasMessageContaining("queueCapacity must be in [1, ");
        });
        withFakeTransport.withPropertyValues("clicktype.batch.max-wait=0s").run(context -> assertThat(
                context.getStartupFailure()).rootCause().hasMessageContaining("clicktype.batch.max-wait"));
    }

    @Test
    void aSchemaMismatchFailsStartupWithTheFullReportAndAnAction() {
        runner.withBean(ClickHouseTransport.class, () -> {
            FakeTransport transport = new FakeTransport();
            transport.clicksButtonIsNumeric = true;
            return transport;
        }).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).rootCause().isInstanceOf(SchemaMismatchException.class).hasMessageContaining("button");
            FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer().analyze(failure);
            assertThat(analysis.getAction()).contains("clicktype.batch.validation=warn");
        });
    }

    @Test
    void validationWarnStartsDespiteAMismatch() {
        runner.withBean(ClickHouseTransport.class, () -> {
            FakeTransport transport = new FakeTransport();
            transport.clicksButtonIsNumeric = true;
            return transport;
        }).withPropertyValues("clicktype.batch.tables.clicks.validation=warn")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withoutAnyClickHouseStartupFailsSayingWhatToSet() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getAction()).contains("clicktype.batch.clickhouse.url", "spring.datasource.url");
        });
    }

    @Test
    void theConnectionIsDerivedFromAClickHouseDataSourceUrl() {
        runner.withPropertyValues("spring.datasource.url=jdbc:clickhouse:http://127.0.0.1:18123/analytics",
                "spring.datasource.username=ingest", "spring.datasource.password=s3cret",
                "clicktype.batch.validation=off").run(context -> {
                    assertThat(context).hasNotFailed();
                    String transport = context.getBean(ClickHouseTransport.class).toString();
                    assertThat(transport).contains("127.0.0.1:18123", "database=analytics").doesNotContain("s3cret");
                });
    }

    @Test
    void anExplicitUrlWinsOverTheDataSource() {
        runner.withPropertyValues("spring.datasource.url=jdbc:clickhouse://10.9.9.9:8123/other",
                "clicktype.batch.clickhouse.url=http://127.0.0.1:18124", "clicktype.batch.clickhouse.database=events",
                "clicktype.batch.validation=off").run(context -> assertThat(
                        context.getBean(ClickHouseTransport.class).toString()).contains("127.0.0.1:18124",
                                "database=events"));
    }

    @Test
    void aUsersOwnBeansWin() {
        Batcher<PageView> mine = Batcher.builder(PageView.class).transport(new FakeTransport())
                .config(BatchConfig.builder().maxRows(7).build()).build();
        withFakeTransport.withBean("pageViewsBatcher", Batcher.class, () -> mine).run(context -> {
            assertThat(context.getBean(ClickHouseTransport.class)).isInstanceOf(FakeTransport.class);
            assertThat(context.getBean("pageViewsBatcher")).isSameAs(mine);
            assertThat(mine.isRunning()).isTrue();
            assertThat(context.getBean("pageViewsBatcherHandle", BatcherHandle.class).table().table())
                    .isEqualTo("page_views");
            assertThat(context.getBean("clicksBatcher", Batcher.class).isRunning()).isTrue();
        });
    }

    @Test
    void disabledMeansNoBeansAtAll() {
        runner.withPropertyValues("clicktype.batch.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Batcher.class).doesNotHaveBean(ClickHouseTransport.class)
                    .doesNotHaveBean(BatcherLifecycle.class);
        });
    }

    @Test
    void worksWithoutActuatorOrMicrometerOnTheClasspath() {
        withFakeTransport.withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterRegistry.class,
                Endpoint.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("pageViewsBatcher", Batcher.class).isRunning()).isTrue();
                    assertThat(context).doesNotHaveBean("clicktypeHealthContributor");
                });
    }

    @Test
    void metricsCountRowsPerTableAndOutcome() {
        withFakeTransport.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            @SuppressWarnings("unchecked")
            BatcherHandle<PageView> handle = context.getBean("pageViewsBatcherHandle", BatcherHandle.class);
            handle.insert(new PageView(1, "/a"));
            handle.insert(new PageView(2, "/b"));
            handle.flush().get(5, TimeUnit.SECONDS);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("clicktype.batch.rows").tag("table", "page_views").tag("outcome", "accepted")
                    .counter().count()).isEqualTo(2);
            assertThat(registry.get("clicktype.batch.rows").tag("table", "page_views").tag("outcome", "flushed")
                    .counter().count()).isEqualTo(2);
            assertThat(registry.get("clicktype.batch.flushes").tag("trigger", "explicit").tag("outcome", "success")
                    .counter().count()).isEqualTo(1);
        });
    }

    @Test
    void closingTheContextFlushesWhatIsQueued() {
        FakeTransport transport = new FakeTransport();
        runner.withBean(ClickHouseTransport.class, () -> transport).run(context -> {
            @SuppressWarnings("unchecked")
            BatcherHandle<PageView> handle = context.getBean("pageViewsBatcherHandle", BatcherHandle.class);
            for (int i = 0; i < 500; i++) {
                handle.insert(new PageView(i, "/"));
            }
        });
        assertThat(transport.rows.get("page_views")).hasValue(500);
        assertThat(transport.closed).isTrue();
    }

    @Test
    void failedBatchesSpillToDiskByDefaultUnlessTurnedOffOrTheUserHasAHandler(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        withFakeTransport.withPropertyValues("clicktype.batch.spill.directory=" + dir,
                "clicktype.batch.spill.max-size=5MB").run(context -> {
                    assertThat(context).hasSingleBean(io.clicktype.batch.DiskSpill.class);
                    assertThat(context.getBean(io.clicktype.batch.DiskSpill.class).directory()).isEqualTo(dir);
                    HealthIndicator spill = (HealthIndicator) context.getBean("clicktypeHealthContributor",
                            CompositeHealthContributor.class).getContributor("spill");
                    assertThat(spill.health().getStatus()).isEqualTo(Status.UP);
                });
        withFakeTransport.withPropertyValues("clicktype.batch.spill.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(io.clicktype.batch.DiskSpill.class));
        withFakeTransport.withBean(io.clicktype.batch.FailedBatchHandler.class, () -> batch -> { })
                .run(context -> assertThat(context).doesNotHaveBean(io.clicktype.batch.DiskSpill.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoHandles {
        @Autowired
        BatcherHandle<PageView> pageViews;

        @Autowired
        BatcherHandle<Click> clicks;
    }
}
