package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.autoconfigure.metrics.BatcherQueueMetrics;
import io.clicktype.batch.autoconfigure.metrics.SpillMetrics;
import io.clicktype.batch.autoconfigure.metrics.MicrometerBatcherListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the batchers. Runs before the main auto-configuration so that the listener
 * exists when batchers are built.
 */
@AutoConfiguration(before = ClickTypeBatchAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "clicktype.batch.enabled", matchIfMissing = true)
public final class ClickTypeBatchMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerBatcherListener clickTypeBatchMicrometerListener(ObjectProvider<MeterRegistry> registry) {
        // Without a registry (Micrometer on the classpath but no metrics auto-configuration) meters go nowhere.
        return new MicrometerBatcherListener(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean
    BatcherQueueMetrics clickTypeBatchQueueMetrics(ObjectProvider<Batcher<?>> batchers) {
        return new BatcherQueueMetrics(batchers);
    }

    @Bean
    @ConditionalOnMissingBean
    SpillMetrics clickTypeBatchSpillMetrics(ObjectProvider<DiskSpill> spill) {
        return new SpillMetrics(spill);
    }
}
