package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Records every figure of the batchers as {@code clicktype.batch.*} meters tagged with {@code table}.
 * Meters are looked up once per table and cached, so the insert path does one map lookup and one
 * counter increment.
 */
public class MicrometerBatcherListener implements BatcherListener {

    private final MeterRegistry registry;
    private final ConcurrentMap<TableRef, TableMeters> tables = new ConcurrentHashMap<>();

    public MicrometerBatcherListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void rowsAccepted(TableRef table, int rows) {
        meters(table).accepted.increment(rows);
    }

    @Override
    public void rowsRejected(TableRef table, int rows) {
        meters(table).rejected.increment(rows);
    }

    @Override
    public void rowsShed(TableRef table, int rows) {
        meters(table).shed.increment(rows);
    }

    @Override
    public void rowsTimedOut(TableRef table, int rows) {
        meters(table).timedOut.increment(rows);
    }

    @Override
    public void flushSucceeded(TableRef table, FlushStats stats) {
        TableMeters meters = meters(table);
        meters.flushed.increment(stats.rows());
        if (stats.rows() == 0) {
            return;
        }
        flushes(table, stats.trigger(), "success").increment();
        meters.flushDuration.record(stats.duration());
        meters.batchAge.record(stats.batchAge());
        meters.batchRows.record(stats.rows());
        meters.batchBytes.record(stats.bytes());
    }

    @Override
    public void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
            Throwable cause) {
        meters(table).failed.increment(rows);
        flushes(table, trigger, "failure").increment();
    }

    @Override
    public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
        meters(table).retries.increment();
    }

    @Override
    public void rowsLost(TableRef table, int rows, Throwable cause) {
        meters(table).lost.increment(rows);
    }

    /** Registers the meters of {@code table} now, at 0, if its first event has not done so already. */
    public void register(TableRef table) {
        meters(table);
    }

    private Counter flushes(TableRef table, FlushTrigger trigger, String outcome) {
        return registry.counter("clicktype.batch.flushes", "table", table.toString(), "trigger",
                trigger.name().toLowerCase(Locale.ROOT), "outcome", outcome);
    }

    private TableMeters meters(TableRef table) {
        TableMeters meters = tables.get(table);
        return meters != null ? meters : tables.computeIfAbsent(table, t -> new TableMeters(registry, t.toString()));
    }

    /** The meters of one table. */
    private static final class TableMeters {
        final Counter accepted;
        final Counter rejected;
        final Counter shed;
        final Counter timedOut;
        final Counter flushed;
        final Counter failed;
        final Counter lost;
        final Counter retries;
        final Timer flushDuration;
        final Timer batchAge;
        final DistributionSummary batchRows;
        final DistributionSummary batchBytes;

        TableMeters(MeterRegistry registry, String table) {
            accepted = rows(registry, table, "accepted");
            rejected = rows(registry, table, "rejected");
            shed = rows(registry, table, "shed");
            timedOut = rows(registry, table, "timed_out");
            flushed = rows(registry, table, "flushed");
            failed = rows(registry, table, "failed");
            lost = rows(registry, table, "lost");
            retries = Counter.builder("clicktype.batch.retries").description("Insert attempts that will be retried")
                    .tag("table", table).register(registry);
            flushDuration = Timer.builder("clicktype.batch.flush.duration")
                    .description("Time from a batch's first insert attempt to its acknowledgement, retries included")
                    .tag("table", table).register(registry);
            batchAge = Timer.builder("clicktype.batch.flush.age")
                    .description("Age of a batch's first row when the batch was flushed").tag("table", table)
                    .register(registry);
            batchRows = DistributionSummary.builder("clicktype.batch.flush.rows").baseUnit("rows")
                    .description("Rows per acknowledged batch").tag("table", table).register(registry);
            batchBytes = DistributionSummary.builder("clicktype.batch.flush.bytes").baseUnit("bytes")
                    .description("Payload bytes (RowBinary rows or a Native block) per acknowledged batch").tag("table", table).register(registry);
        }

        private static Counter rows(MeterRegistry registry, String table, String outcome) {
            return Counter.builder("clicktype.batch.rows").baseUnit("rows")
                    .description("Rows by outcome: accepted, rejected, shed, timed_out, flushed, failed, lost")
                    .tag("table", table).tag("outcome", outcome).register(registry);
        }
    }
}
