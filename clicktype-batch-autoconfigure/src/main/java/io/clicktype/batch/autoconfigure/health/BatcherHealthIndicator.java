package io.clicktype.batch.autoconfigure.health;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherStats;
import io.clicktype.batch.DiskSpill;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one table's batcher, from its own outcomes (no query per probe): DOWN when it is not running (with
 * the cause when its worker died), while one of its threads is down ({@link Batcher#threadFault()}: a worker waiting
 * to restart, a sender that failed unexpectedly and has had no batch acknowledged since), when its last {@value #FAILED_FLUSHES_DOWN} flushes failed (until one lands, or the disk spill has replayed as
 * many of the table's rows as failed), when its last {@value #FAILED_FLUSHES_DOWN} insert attempts failed, retries
 * included (until one lands, or the spill replayed what failed), or when an insert failed because the table
 * changed under it; UP otherwise. Whether ClickHouse answers right now is the {@code server} entry's job
 * ({@link ServerHealthIndicator}). Details: queue depth and capacity, totals ({@code deliveredRows}: flushed by
 * the batcher plus replayed from the disk spill, i.e. every row that reached the table; {@code failedRows} went
 * to the spill, and those replayed since are in {@code replayedRows} too), delivery guarantee, last
 * successful flush, last error (the transport's messages carry no secrets), and with {@code durability: wal}
 * the write-ahead log's state ({@code wal}: bytes, bound, segments, unacknowledged bytes, replayed rows, torn
 * records, corrupt segments, rejected rows).
 */
public class BatcherHealthIndicator implements HealthIndicator {

    /** Consecutive failed flushes that make a table DOWN. */
    public static final int FAILED_FLUSHES_DOWN = 3;

    private final Batcher<?> batcher;
    private final DiskSpill spill;

    public BatcherHealthIndicator(Batcher<?> batcher) {
        this(batcher, null);
    }

    /**
     * @param spill the disk spill whose replays of this table count as delivered, or {@code null} when there is
     *              none (then delivered rows are the flushed ones)
     */
    public BatcherHealthIndicator(Batcher<?> batcher, DiskSpill spill) {
        this.batcher = batcher;
        this.spill = spill;
    }

    @Override
    public Health health() {
        if (!batcher.isRunning()) {
            return Health.down().withDetail("table", batcher.table().toString())
                    .withDetail("reason", batcher.threadFault().map(fault -> "batcher is not running: " + fault)
                            .orElse("batcher is not running")).build();
        }
        BatcherStats stats = batcher.stats();
        long replayed = spill == null ? 0 : spill.replayedRows(batcher.table());
        Health.Builder health = Health.up();
        String reason = null;
        // failed batches went to the disk spill; once it has replayed as many of this table's rows as failed, they
        // landed: an idle table must not stay DOWN until its next own flush
        boolean failuresReplayed = spill != null && stats.failedRows() > 0 && replayed >= stats.failedRows();
        if (stats.consecutiveFailedFlushes() >= FAILED_FLUSHES_DOWN && !failuresReplayed) {
            reason = stats.consecutiveFailedFlushes() + " consecutive flushes failed";
        }
        if (stats.consecutiveFailedAttempts() >= FAILED_FLUSHES_DOWN && !failuresReplayed) {
            // retries count: a log's batch is retried until it lands and is never a failed flush, and a memory
            // table's first batch takes its whole retry budget before it is one (the same outage showed a WAL table
            // DOWN beside a memory table still UP)
            reason = stats.consecutiveFailedAttempts() + " consecutive insert attempts failed; "
                    + (batcher.walStats().isPresent() ? "the rows wait in the write-ahead log and are retried until "
                            + "ClickHouse takes them" : "the batch is retried, then handed to the failed-batch handler");
        }
        java.util.List<String> drift = batcher.schemaDrift();
        if (!drift.isEmpty()) {
            reason = "batches do not fit the table as it is and go to the failed-batch handler: "
                    + String.join(" | ", drift);
        }
        java.util.Optional<String> fault = batcher.threadFault();
        if (fault.isPresent()) {
            reason = fault.get();
        }
        if (reason != null) {
            health = Health.down().withDetail("reason", reason);
        }
        health.withDetail("table", stats.table().toString())
                .withDetail("queuedRows", stats.queuedRows())
                .withDetail("queueCapacity", stats.queueCapacity())
                .withDetail("acceptedRows", stats.acceptedRows())
                .withDetail("deliveredRows", stats.flushedRows() + replayed)
                .withDetail("flushedRows", stats.flushedRows())
                .withDetail("replayedRows", replayed)
                .withDetail("failedRows", stats.failedRows())
                .withDetail("lostRows", stats.lostRows())
                .withDetail("consecutiveFailedFlushes", stats.consecutiveFailedFlushes())
                .withDetail("consecutiveFailedAttempts", stats.consecutiveFailedAttempts())
                .withDetail("delivery", batcher.delivery().describe());
        if (stats.lastSuccessfulFlush() != null) {
            health.withDetail("lastSuccessfulFlush", stats.lastSuccessfulFlush().toString());
        }
        if (stats.lastError() != null) {
            health.withDetail("lastError", stats.lastError());
        }
        java.util.Optional<io.clicktype.batch.WalStats> wal = batcher.walStats();
        if (wal.isPresent()) {
            health.withDetail("wal", wal(wal.get()));
        }
        return health.build();
    }

    /** The write-ahead log's state, as details. */
    private static java.util.Map<String, Object> wal(io.clicktype.batch.WalStats wal) {
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("directory", wal.directory().toString());
        details.put("bytes", wal.bytes());
        details.put("maxBytes", wal.maxBytes());
        details.put("segments", wal.segments());
        details.put("unacknowledgedBytes", wal.unacknowledgedBytes());
        details.put("replayedRows", wal.replayedRows());
        details.put("tornRecords", wal.tornRecords());
        details.put("corruptSegments", wal.corruptSegments());
        details.put("rejectedRows", wal.rejectedRows());
        details.put("rejectedFilesHeld", wal.rejectedFilesHeld());
        details.put("rejectedRowsHeld", wal.rejectedRowsHeld());
        details.put("replayedPastWindowRows", wal.replayedPastWindowRows());
        return details;
    }
}
