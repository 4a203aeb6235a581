package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.Batcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/** Gauges of each batcher's queue: {@code clicktype.batch.queue.rows} and {@code clicktype.batch.queue.capacity}. */
public class BatcherQueueMetrics implements MeterBinder {

    private final ObjectProvider<Batcher<?>> batchers;

    public BatcherQueueMetrics(ObjectProvider<Batcher<?>> batchers) {
        this.batchers = batchers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            String table = batcher.table().toString();
            Gauge.builder("clicktype.batch.queue.rows", batcher, b -> b.isRunning() ? b.stats().queuedRows() : 0)
                    .baseUnit("rows").description("Rows waiting in the queue").tag("table", table).register(registry);
            Gauge.builder("clicktype.batch.queue.capacity", batcher, b -> b.config().queueCapacity())
                    .baseUnit("rows").description("Rows the queue holds").tag("table", table).register(registry);
        }
    }
}
