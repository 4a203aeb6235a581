package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.DiskSpill;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Meters of the disk spill: {@code clicktype.batch.spill.rows} (counter, tag {@code outcome} = spilled,
 * replayed, dropped), {@code clicktype.batch.spill.pending.rows} and {@code clicktype.batch.spill.pending.bytes}
 * (gauges).
 */
public class SpillMetrics implements MeterBinder {

    private final ObjectProvider<DiskSpill> spill;

    public SpillMetrics(ObjectProvider<DiskSpill> spill) {
        this.spill = spill;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        DiskSpill disk = spill.getIfAvailable();
        if (disk == null) {
            return;
        }
        FunctionCounter.builder("clicktype.batch.spill.rows", disk, d -> d.stats().spilledRows()).baseUnit("rows")
                .tag("outcome", "spilled").register(registry);
        FunctionCounter.builder("clicktype.batch.spill.rows", disk, d -> d.stats().replayedRows()).baseUnit("rows")
                .tag("outcome", "replayed").register(registry);
        FunctionCounter.builder("clicktype.batch.spill.rows", disk, d -> d.stats().droppedRows()).baseUnit("rows")
                .tag("outcome", "dropped").register(registry);
        FunctionCounter.builder("clicktype.batch.spill.rows", disk, d -> d.stats().replayedPastWindowRows())
                .baseUnit("rows").tag("outcome", "replayed_past_deduplication_window").register(registry);
        Gauge.builder("clicktype.batch.spill.pending.rows", disk, d -> d.stats().pendingRows()).baseUnit("rows")
                .register(registry);
        Gauge.builder("clicktype.batch.spill.pending.bytes", disk, d -> d.stats().pendingBytes()).baseUnit("bytes")
                .register(registry);
        // what waits for a person, whichever run set it aside (listed at most every 10 s)
        Gauge.builder("clicktype.batch.spill.rejected.files", disk, d -> d.stats().rejectedFilesHeld())
                .baseUnit("files").description("Files in the spill's rejected/ folder now: not replayed until moved back")
                .register(registry);
        Gauge.builder("clicktype.batch.spill.rejected.rows", disk, d -> d.stats().rejectedRowsHeld()).baseUnit("rows")
                .description("Rows in the spill's rejected/ folder now").register(registry);
        Gauge.builder("clicktype.batch.spill.corrupt.files", disk, d -> d.stats().corruptFilesHeld()).baseUnit("files")
                .description("Files in the spill's corrupt/ folder now").register(registry);
    }
}
