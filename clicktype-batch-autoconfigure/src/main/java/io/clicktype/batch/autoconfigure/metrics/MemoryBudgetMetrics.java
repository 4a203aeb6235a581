package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.MemoryBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Meters of the memory budget every batcher shares: {@code clicktype.batch.memory.used} and
 * {@code clicktype.batch.memory.max} (gauges, bytes), and {@code clicktype.batch.memory.waiting} (producers waiting
 * for room now). {@code used} near {@code max} with producers waiting means ClickHouse is not keeping up.
 */
public class MemoryBudgetMetrics implements MeterBinder {

    private final ObjectProvider<MemoryBudget> budgets;

    public MemoryBudgetMetrics(ObjectProvider<MemoryBudget> budgets) {
        this.budgets = budgets;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        MemoryBudget budget = budgets.getIfAvailable();
        if (budget == null) {
            return;
        }
        Gauge.builder("clicktype.batch.memory.used", budget, MemoryBudget::usedBytes).baseUnit("bytes")
                .description("Bytes the batchers hold on the heap: queued rows (estimated), batch buffers, copies")
                .register(registry);
        Gauge.builder("clicktype.batch.memory.max", budget, MemoryBudget::maxBytes).baseUnit("bytes")
                .description("The memory budget every batcher shares (clicktype.batch.memory.max)").register(registry);
        Gauge.builder("clicktype.batch.memory.waiting", budget, MemoryBudget::waitingProducers).baseUnit("threads")
                .description("Producers waiting for room in the memory budget").register(registry);
    }
}
