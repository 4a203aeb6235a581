package io.clicktype.batch.encoding;

import io.clicktype.batch.BatchFormat;

/**
 * Puts rows into the batch being filled, in one {@link BatchFormat}: the seam between the batching engine and the
 * wire format. One per batcher, used by its worker thread only (not thread-safe); the engine is the same for every
 * format. Rows reach it either as objects (memory durability: {@link #encode}) or as RowBinary records read back
 * from a write-ahead log ({@link #recordBuffer}, {@link #recordRead}); either way, when the batch is sealed,
 * {@link #seal} leaves the batch's whole payload in its buffer, which is what the transport, the spill and the
 * failed-batch handler take.
 *
 * @param <T> the row type
 */
public interface BatchEncoder<T> {

    /** The format of the payloads {@link #seal} leaves. */
    BatchFormat format();

    /**
     * Adds one row to the batch whose payload buffer is {@code payload}. On any exception (an {@code Error} too) nothing of the row remains.
     *
     * @throws io.clicktype.batch.RowRejectedException when a value does not fit (the row changed after validation)
     */
    void encode(T row, RowBuffer payload);

    /** The buffer the next write-ahead-log record's RowBinary rows are read into, then handed to {@link #recordRead}. */
    RowBuffer recordBuffer(RowBuffer payload);

    /** The record read into {@link #recordBuffer} holds {@code rows} rows, which now belong to the batch. */
    void recordRead(RowBuffer payload, int rows);

    /** Encoded bytes of the batch so far: what {@code maxBufferSize} bounds. */
    long size(RowBuffer payload);

    /** Heap this encoder holds besides the batch buffers (column buffers), to be charged to the memory budget. */
    long heldBytes();

    /**
     * The batch is sealed: completes its payload in {@code payload} and starts the next batch, keeping buffers
     * unless one grew past {@code threshold} or was mostly unused (as {@link RowBuffer#clearAndShrink}).
     */
    void seal(RowBuffer payload, int threshold, int initialCapacity);
}
