package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.Durability;
import io.clicktype.batch.WalStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Meters of each write-ahead-logged table ({@code durability: wal}), tag {@code table}:
 * {@code clicktype.batch.wal.bytes}, {@code clicktype.batch.wal.max.bytes}, {@code clicktype.batch.wal.segments},
 * {@code clicktype.batch.wal.unacknowledged.bytes} (gauges), {@code clicktype.batch.wal.fsync} (timer: count and
 * total time of fsyncs), {@code clicktype.batch.wal.rows} (counter, {@code outcome} = replayed, rejected,
 * replayed_past_deduplication_window) and
 * {@code clicktype.batch.wal.torn.records}, {@code clicktype.batch.wal.corrupt.segments} (counters). Read from
 * {@link Batcher#walStats()}: from memory, no file is read.
 */
public class WalMetrics implements MeterBinder {

    private final ObjectProvider<Batcher<?>> batchers;

    public WalMetrics(ObjectProvider<Batcher<?>> batchers) {
        this.batchers = batchers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            if (batcher.config().durability() != Durability.WAL) {
                continue;
            }
            String table = batcher.table().toString();
            gauge(registry, "clicktype.batch.wal.bytes", "bytes", table, batcher, WalStats::bytes);
            gauge(registry, "clicktype.batch.wal.max.bytes", "bytes", table, batcher, WalStats::maxBytes);
            gauge(registry, "clicktype.batch.wal.segments", "segments", table, batcher, WalStats::segments);
            gauge(registry, "clicktype.batch.wal.unacknowledged.bytes", "bytes", table, batcher,
                    WalStats::unacknowledgedBytes);
            FunctionTimer.builder("clicktype.batch.wal.fsync", batcher, b -> (long) value(b, WalStats::fsyncs),
                    b -> value(b, WalStats::fsyncNanos), TimeUnit.NANOSECONDS).tag("table", table)
                    .description("Fsyncs of the write-ahead log").register(registry);
            counter(registry, "clicktype.batch.wal.rows", "rows", table, "replayed", batcher, WalStats::replayedRows);
            counter(registry, "clicktype.batch.wal.rows", "rows", table, "rejected", batcher, WalStats::rejectedRows);
            counter(registry, "clicktype.batch.wal.rows", "rows", table, "replayed_past_deduplication_window", batcher,
                    WalStats::replayedPastWindowRows);
            counter(registry, "clicktype.batch.wal.torn.records", "records", table, null, batcher,
                    WalStats::tornRecords);
            counter(registry, "clicktype.batch.wal.corrupt.segments", "segments", table, null, batcher,
                    WalStats::corruptSegments);
            gauge(registry, "clicktype.batch.wal.rejected.files", "files", table, batcher, WalStats::rejectedFilesHeld);
            gauge(registry, "clicktype.batch.wal.rejected.rows", "rows", table, batcher, WalStats::rejectedRowsHeld);
        }
    }

    private static void gauge(MeterRegistry registry, String name, String unit, String table, Batcher<?> batcher,
            ToDoubleFunction<WalStats> value) {
        Gauge.builder(name, batcher, b -> value(b, value)).baseUnit(unit).tag("table", table).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String unit, String table, String outcome,
            Batcher<?> batcher, ToDoubleFunction<WalStats> value) {
        FunctionCounter.Builder<Batcher<?>> counter = FunctionCounter.<Batcher<?>>builder(name, batcher,
                b -> value(b, value)).baseUnit(unit).tag("table", table);
        if (outcome != null) {
            counter.tag("outcome", outcome);
        }
        counter.register(registry);
    }

    /** 0 while the batcher is not running (before start, after close). */
    private static double value(Batcher<?> batcher, ToDoubleFunction<WalStats> value) {
        return batcher.isRunning() ? batcher.walStats().map(value::applyAsDouble).orElse(0.0) : 0;
    }
}
