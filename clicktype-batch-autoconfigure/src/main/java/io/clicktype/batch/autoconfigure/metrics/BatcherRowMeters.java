package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.Batcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers each table's {@code clicktype.batch.rows} (one per {@code outcome}), {@code clicktype.batch.retries}
 * and flush meters at start, at 0, instead of on their first event: a dashboard or an alert on
 * {@code outcome=lost} then finds the series before anything happened (and a metrics URL answers rather than 404). Done once every bean exists (the batchers
 * need this listener to be built), whether or not Boot binds {@code MeterBinder}s to the registry.
 */
public class BatcherRowMeters implements SmartInitializingSingleton {

    private final MicrometerBatcherListener listener;
    private final ObjectProvider<Batcher<?>> batchers;

    public BatcherRowMeters(MicrometerBatcherListener listener, ObjectProvider<Batcher<?>> batchers) {
        this.listener = listener;
        this.batchers = batchers;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            listener.register(batcher.table());
        }
    }
}
