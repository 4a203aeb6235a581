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
        end = -1;
        start = -1;
    }
}
