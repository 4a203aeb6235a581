package io.clicktype.batch;

import java.time.Duration;

/**
 * Hook for every figure a batcher produces; the starter turns it into Micrometer meters.
 *
 * <p>All methods have no-op defaults so an implementation overrides only what it needs. Called
 * from producer, worker and sender threads: implementations are thread-safe and cheap (no I/O,
 * no locks on the insert path).
 */
public interface BatcherListener {

    /** A listener that ignores everything. */
    BatcherListener NOOP = new BatcherListener() { };

    /**
     * One listener telling {@code listeners} every event, in order, each isolated: a listener that throws is
     * logged at WARN (first and every 1000th failure) and the others still get the event.
     */
    static BatcherListener composite(java.util.List<? extends BatcherListener> listeners) {
        return ListenerFanOut.of(listeners);
    }

    /** Rows accepted into the queue by insert, tryInsert or insertMany. */
    default void rowsAccepted(TableRef table, int rows) { }

    /** Rows refused at insert: invalid values ({@link RowRejectedException}). */
    default void rowsRejected(TableRef table, int rows) { }

    /** Rows shed by {@link BatcherHandle#tryInsert} because the queue was full. */
    default void rowsShed(TableRef table, int rows) { }

    /** Rows refused by {@link BatcherHandle#insert} after waiting {@code maxBlock}. */
    default void rowsTimedOut(TableRef table, int rows) { }

    /**
     * A batch is about to be sent for the first time (its retries follow, then exactly one of
     * {@link #flushSucceeded} or {@link #flushFailed}); on the table's sender thread, one batch at a time.
     *
     * @param deduplicationToken the batch's {@code insert_deduplication_token}, or {@code null}
     */
    default void flushStarted(TableRef table, FlushTrigger trigger, int rows, long bytes, String deduplicationToken) { }

    /** A flush acknowledged by ClickHouse. */
    default void flushSucceeded(TableRef table, FlushStats stats) { }

    /** A batch handed to the {@link FailedBatchHandler} after its last attempt. */
    default void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
            Throwable cause) { }

    /** A failed attempt that will be retried after {@code delay}. */
    default void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) { }

    /** Rows lost: the failed-batch handler threw, or there was none to take the batch. */
    default void rowsLost(TableRef table, int rows, Throwable cause) { }

    /**
     * Rows found unacknowledged in the write-ahead log at start and read to be sent again ({@code durability: wal});
     * they were accepted before the stop, so they are not counted by {@link #rowsAccepted} again.
     */
    default void rowsReplayed(TableRef table, int rows) { }

    /**
     * Rows of a batch cut before the stop and sent again from the write-ahead log later than the server's
     * deduplication window: if that batch had landed before the stop, it is now stored twice (docs/delivery.md).
     */
    default void rowsReplayedPastDeduplicationWindow(TableRef table, int rows) { }

    /**
     * Rows of a batch ClickHouse refused, set aside as a spill file in {@code file} (the write-ahead log's
     * {@code rejected/} folder) for a person to replay once the cause is fixed; reported after {@link #flushFailed}.
     */
    default void rowsSetAside(TableRef table, int rows, java.nio.file.Path file) { }
}
