package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.MemoryBudget;
import io.clicktype.batch.autoconfigure.metrics.BatcherQueueMetrics;
import io.clicktype.batch.autoconfigure.metrics.BatcherRowMeters;
import io.clicktype.batch.autoconfigure.metrics.ClusterMetrics;
import io.clicktype.batch.autoconfigure.metrics.MicrometerBatcherListener;
import io.clicktype.batch.autoconfigure.metrics.MemoryBudgetMetrics;
import io.clicktype.batch.autoconfigure.metrics.SpillMetrics;
import io.clicktype.batch.autoconfigure.metrics.WalMetrics;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the batchers, when the application has a {@link MeterRegistry} bean (Boot's metrics
 * auto-configuration, or its own): without one, nothing would read them. Runs after the registry's
 * auto-configuration and before the main one, so that the listener exists when batchers are built.
 */
@AutoConfiguration(before = ClickTypeBatchAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "clicktype.batch.enabled", matchIfMissing = true)
public final class ClickTypeBatchMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerBatcherListener clickTypeBatchMicrometerListener(MeterRegistry registry) {
        return new MicrometerBatcherListener(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    BatcherRowMeters clickTypeBatchRowMeters(MicrometerBatcherListener listener, ObjectProvider<Batcher<?>> batchers) {
        return new BatcherRowMeters(listener, batchers);
    }

    @Bean
    @ConditionalOnMissingBean
    BatcherQueueMetrics clickTypeBatchQueueMetrics(ObjectProvider<Batcher<?>> batchers) {
        return new BatcherQueueMetrics(batchers);
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterMetrics clickTypeBatchClusterMetrics(ObjectProvider<ClickHouseTransport> transport) {
        return new ClusterMetrics(transport);
    }

    @Bean
    @ConditionalOnMissingBean
    SpillMetrics clickTypeBatchSpillMetrics(ObjectProvider<DiskSpill> spill) {
        return new SpillMetrics(spill);
    }

    @Bean
    @ConditionalOnMissingBean
    MemoryBudgetMetrics clickTypeBatchMemoryBudgetMetrics(ObjectProvider<MemoryBudget> budget) {
        return new MemoryBudgetMetrics(budget);
    }

    @Bean
    @ConditionalOnMissingBean
    WalMetrics clickTypeBatchWalMetrics(ObjectProvider<Batcher<?>> batchers) {
        return new WalMetrics(batchers);
    }
}
