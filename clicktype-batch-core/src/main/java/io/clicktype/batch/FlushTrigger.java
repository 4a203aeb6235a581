package io.clicktype.batch;

/** Why a batch was flushed. */
public enum FlushTrigger {
    /** The batch reached {@code maxRows}. */
    MAX_ROWS,
    /** The batch's encoded size reached {@code maxBufferSize} (or, with a write-ahead log, the memory budget is full). */
    MAX_BYTES,
    /** The batch's first row is {@code maxWait} old. */
    MAX_WAIT,
    /** {@link BatcherHandle#flush()} was called. */
    EXPLICIT,
    /** The batcher is closing. */
    CLOSE,
    /**
     * A batch cut before the last stop and found unacknowledged in the write-ahead log at start
     * ({@link Durability#WAL}): sent again with the same rows and deduplication token.
     */
    REPLAY
}
