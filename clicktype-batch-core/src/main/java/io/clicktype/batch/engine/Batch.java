package io.clicktype.batch.engine;

import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.encoding.RowBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One batch being filled by the worker or sent by the sender: a reusable buffer, its row count,
 * when its first row arrived, and the flush futures waiting for it. Owned by one thread at a time.
 */
final class Batch {

    final RowBuffer buffer;
    final List<CompletableFuture<FlushStats>> waiters = new ArrayList<>(2);
    int rows;
    long firstRowNanos;
    FlushTrigger trigger;
    String deduplicationToken;
    /** The intake position after the batch's last row ({@link Acknowledgements}), or -1 for none. */
    long end = -1;
    /** The intake position before the batch's first row. */
    long start = -1;
    /**
     * The memory-budget bytes this batch holds: at least its buffer's capacity, plus, while it fills, the estimates
     * of queued rows moved into it ({@link ByteBudget}).
     */
    long charge;
    /**
     * What the batch's bytes were encoded for when it differs from the batcher's own (records a write-ahead log kept
     * from a run before an {@code ALTER TABLE}), or {@code null}: the sender's.
     */
    io.clicktype.batch.schema.BatchSchema schema;
    /**
     * The payload's format once sealed: the encoder's, or RowBinary for records a write-ahead log kept from a run
     * before an {@code ALTER TABLE} (they go as they were logged; the encoder's Native columns have the new types).
     */
    io.clicktype.batch.BatchFormat format = io.clicktype.batch.BatchFormat.ROW_BINARY;
    /**
     * Whether the rows are write-ahead-log records read into the buffer as they were logged (RowBinary for an earlier
     * run's schema), past the encoder: the batch is sent as RowBinary, converted for the table as it is now.
     */
    boolean asLogged;
    /**
     * Set when the worker failed while filling this batch: the sender hands it over (failed-batch handler, spill)
     * with this cause instead of sending it.
     */
    Throwable failure;
    /** The batch's place among those sealed ({@link SealOrder}), set when it goes to the sender. */
    long sequence = -1;
    /** Set by the sender when ClickHouse acknowledged the batch (or it was empty), before it is resolved. */
    FlushStats result;
    /** Set by the sender when the batch was handed over instead, before it is resolved: why it was not written. */
    Throwable cause;
    /**
     * Set by a write-ahead log's outcome for a batch it set aside (refused by ClickHouse, moved to {@code rejected/})
     * or lost trying: once resolved, the log moves past its rows as if acknowledged.
     */
    boolean setAside;

    Batch(int initialCapacity) {
        this.buffer = new RowBuffer(initialCapacity);
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Makes the batch reusable, shrinking a buffer that grew past {@code threshold}. */
    void reset(long threshold, int initialCapacity) {
        buffer.clearAndShrink((int) Math.min(threshold, Integer.MAX_VALUE), initialCapacity);
        waiters.clear();
        rows = 0;
        firstRowNanos = 0;
        trigger = null;
        deduplicationToken = null;
        schema = null;
        format = io.clicktype.batch.BatchFormat.ROW_BINARY;
        asLogged = false;
        end = -1;
        start = -1;
        failure = null;
        sequence = -1;
        result = null;
        cause = null;
        setAside = false;
    }
}
