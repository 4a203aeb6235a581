package io.clicktype.batch;

import java.time.Instant;

/**
 * A point-in-time snapshot of one batcher, for health checks and endpoints. Totals count since start.
 *
 * @param table                    target table
 * @param running                  whether the batcher accepts rows
 * @param queuedRows               rows waiting in the queue
 * @param queueCapacity            {@code queueCapacity}
 * @param acceptedRows             rows accepted by insert, tryInsert and insertMany
 * @param flushedRows              rows acknowledged by ClickHouse
 * @param failedRows               rows handed to the {@link FailedBatchHandler}
 * @param lostRows                 rows lost: the handler threw, or the default handler (log only) took them
 * @param rejectedRows             rows refused as invalid
 * @param shedRows                 rows refused by tryInsert because the queue was full (metric
 *                                 {@code rows{outcome=shed}})
 * @param timedOutRows             rows refused by insert after waiting {@code maxBlock} (metric
 *                                 {@code rows{outcome=timed_out}})
 * @param flushes                  acknowledged flushes
 * @param failedFlushes            batches handed to the {@link FailedBatchHandler}
 * @param consecutiveFailedFlushes failed batches since the last acknowledged one
 * @param lastSuccessfulFlush      when the last flush was acknowledged, or {@code null}
 * @param lastError                message of the last failure, or {@code null}; never contains secrets
 * @param consecutiveFailedAttempts insert attempts that failed since the last acknowledged flush, retries included:
 *                                  with {@code durability: wal} a failing batch is retried until it lands, so this,
 *                                  not {@code consecutiveFailedFlushes}, shows an outage
 */
public record BatcherStats(TableRef table, boolean running, int queuedRows, int queueCapacity, long acceptedRows,
        long flushedRows, long failedRows, long lostRows, long rejectedRows, long shedRows, long timedOutRows, long flushes,
        long failedFlushes, long consecutiveFailedFlushes, Instant lastSuccessfulFlush, String lastError,
        long consecutiveFailedAttempts) {

    /** As the canonical constructor, with no failed attempts: the form before {@code consecutiveFailedAttempts}. */
    public BatcherStats(TableRef table, boolean running, int queuedRows, int queueCapacity, long acceptedRows,
            long flushedRows, long failedRows, long lostRows, long rejectedRows, long shedRows, long timedOutRows,
            long flushes, long failedFlushes, long consecutiveFailedFlushes, Instant lastSuccessfulFlush,
            String lastError) {
        this(table, running, queuedRows, queueCapacity, acceptedRows, flushedRows, failedRows, lostRows, rejectedRows,
                shedRows, timedOutRows, flushes, failedFlushes, consecutiveFailedFlushes, lastSuccessfulFlush,
                lastError, 0);
    }
}
