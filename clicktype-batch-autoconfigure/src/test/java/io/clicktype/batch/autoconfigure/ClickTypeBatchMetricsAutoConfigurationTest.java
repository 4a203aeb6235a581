package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.autoconfigure.entities.PageView;
import io.clicktype.batch.autoconfigure.metrics.MicrometerBatcherListener;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** Meters only where something reads them, and a user's listener that throws cannot silence them. */
class ClickTypeBatchMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                    ClickTypeBatchMetricsAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false");

    @Test
    void withoutAMeterRegistryBeanThereAreNoMetersToCountForNobody() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MicrometerBatcherListener.class);
        });
    }

    @Test
    void everyOutcomeOfEveryTableExistsFromStartAtZero() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String table : new String[] {"page_views", "clicks"}) {
                for (String outcome : new String[] {"accepted", "rejected", "shed", "timed_out", "flushed", "failed",
                        "lost"}) {
                    assertThat(registry.get("clicktype.batch.rows").tag("table", table).tag("outcome", outcome)
                            .counter().count()).as(table + " " + outcome).isZero();
                }
                assertThat(registry.get("clicktype.batch.retries").tag("table", table).counter().count()).isZero();
            }
        });
    }

    @Test
    void theMemoryBudgetIsAPropertyAndAMeter() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("clicktype.batch.memory.max=64MB")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    // Boot binds MeterBinder beans with its metrics auto-configuration, not loaded here
                    context.getBean(io.clicktype.batch.autoconfigure.metrics.MemoryBudgetMetrics.class)
                            .bindTo(registry);
                    assertThat(context.getBean(io.clicktype.batch.MemoryBudget.class).maxBytes()).isEqualTo(64L << 20);
                    assertThat(registry.get("clicktype.batch.memory.max").gauge().value()).isEqualTo(64L << 20);
                    assertThat(registry.get("clicktype.batch.memory.used").gauge().value())
                            .as("the started batcher's two initial buffers").isPositive();
                });
    }

    @Test
    void aMemoryBudgetBelowItsMinimumFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("clicktype.batch.memory.max=1KB").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("clicktype.batch.memory.max")
                .hasStackTraceContaining("at least 4 MiB"));
    }

    @Test
    void aUsersListenerThatThrowsDoesNotKeepEventsFromTheMeters() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("throwingListener", BatcherListener.class, ThrowingListener::new)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    BatcherHandle<PageView> handle = context.getBean("pageViewsBatcherHandle", BatcherHandle.class);
                    handle.insert(new PageView(1, "/a"));
                    handle.insert(new PageView(2, "/b"));
                    handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("clicktype.batch.rows").tag("table", "page_views")
                            .tag("outcome", "accepted").counter().count()).isEqualTo(2);
                    assertThat(registry.get("clicktype.batch.rows").tag("table", "page_views")
                            .tag("outcome", "flushed").counter().count()).isEqualTo(2);
                });
    }

    /** Ordered first, so that without isolation it would stop the metrics listener after it. */
    @Order(Integer.MIN_VALUE)
    static final class ThrowingListener implements BatcherListener {
        @Override
        public void rowsAccepted(TableRef table, int rows) {
            throw new IllegalStateException("broken user listener");
        }

        @Override
        public void flushSucceeded(TableRef table, io.clicktype.batch.FlushStats stats) {
            throw new IllegalStateException("broken user listener");
        }
    }
}
