package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.autoconfigure.metrics.BatcherQueueMetrics;
import io.clicktype.batch.autoconfigure.metrics.SpillMetrics;
import io.clicktype.batch.autoconfigure.metrics.MicrometerBatcherListener;
import io.micrometer.core.instrument.MeterRegistry;
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
        return new MicrometerBatcherListener(new LazyMeterRegistry(registry).get());
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

    /** The application's registry, or a simple one when there is none (metrics then go nowhere). */
    private record LazyMeterRegistry(ObjectProvider<MeterRegistry> registry) {
        MeterRegistry get() {
            return registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
        }
    }
}
