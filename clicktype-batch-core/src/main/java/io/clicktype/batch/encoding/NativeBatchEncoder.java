package io.clicktype.batch.encoding;

import io.clicktype.batch.BatchFormat;

/**
 * {@link BatchFormat#NATIVE}: rows go into the columns of a {@link NativeBlock} (the worker's, reused for every
 * batch); at the seal the block is written into the batch's buffer as its payload. A row object's codecs write each
 * value straight into its column (one row at a time, in one pass over the rows; a row
 * whose encode fails leaves nothing). A write-ahead log's records, RowBinary, are moved into the columns value by value
 * ({@link NativeBlock#appendRows}), so the log keeps RowBinary and a format change never touches it.
 *
 * <p>Memory: the column buffers (about one batch's encoded bytes) beside the two batch buffers, all charged to the
 * memory budget ({@link #heldBytes}). The block's size ({@code maxBufferSize}) and capacity are measured exactly every
 * {@value #MEASURE_EVERY_ROWS} rows and at each seal (a walk over every column's streams); in between, the rows'
 * RowBinary bytes stand for their Native bytes.
 *
 * @param <T> the row type
 */
public final class NativeBatchEncoder<T> implements BatchEncoder<T> {

    /** A scratch buffer grown past this (a huge row or record) is dropped after use. */
    private static final int KEEP_SCRATCH_BYTES = 1 << 20;
    /** Rows between exact measurements of the block's size and capacity (a walk over every column's streams). */
    private static final int MEASURE_EVERY_ROWS = 256;

    private final RowEncoder<T> rows;
    private final NativeBlock block;
    private RowBuffer scratch = new RowBuffer(4096);
    /** The direct path, for a {@link MappedRowEncoder}: each column's codec writes into its target; else null. */
    private final MappedRowEncoder<T> columnsEncoder;
    /**
     * Per column: its leaf buffer (written directly, then settled for a Nullable or Array of a leaf), or its own
     * scratch (moved into the column after the row).
     */
    private final RowBuffer[] targets;
    /** The columns written into a scratch of their own. */
    private final int[] movedColumns;
    /** The columns written directly whose values are then settled (their prefix moved into a stream of their own). */
    private final int[] settlingColumns;
    /** The block's size and capacity when last measured, and the RowBinary bytes and rows moved in since. */
    private long measuredSize;
    private long measuredCapacity;
    private long bytesSince;
    private int rowsSince;
    /** The mean bytes of a row directly encoded, as of the last measurement: what stands in for a row in between. */
    private long rowEstimate = 64;

    /** @param rows the row type's encoder; @param block the block its columns fill, in the same column order */
    public NativeBatchEncoder(RowEncoder<T> rows, NativeBlock block) {
        this.rows = rows;
        this.block = block;
        if (rows instanceof MappedRowEncoder<T> mapped) {
            this.columnsEncoder = mapped;
            this.targets = new RowBuffer[mapped.columnSlots()];
            this.movedColumns = block.directTargets(targets);
            for (int i : movedColumns) {
                targets[i] = new RowBuffer(256);
            }
            this.settlingColumns = block.settlingColumns();
        } else {
            this.columnsEncoder = null;
            this.targets = null;
            this.movedColumns = null;
            this.settlingColumns = null;
        }
        measure();
    }

    @Override
    public BatchFormat format() {
        return BatchFormat.NATIVE;
    }

    @Override
    public void encode(T row, RowBuffer payload) {
        if (columnsEncoder != null) {
            encodeColumns(row);
            return;
        }
        RowBuffer one = scratch;
        one.clear();
        rows.encode(row, one);
        moved(one, 1);
    }

    /**
     * The direct path: the row's codecs write each value into its column's target: a leaf column's own buffer (no
     * copy; a Nullable or Array of a leaf then settles the value's prefix into its null map or offsets) or a small
     * per-column scratch whose RowBinary value is then moved into the column's streams. A row that fails is rolled
     * back in every column (no per-row marks: the columns are cut back to the block's rows, which walks the String
     * columns once, only for a failed row).
     */
    private void encodeColumns(T row) {
        RowBuffer[] cols = targets;
        try {
            columnsEncoder.encodeColumns(row, cols);
        } catch (RuntimeException | Error e) {
            for (int i : movedColumns) {
                cols[i].clear();
            }
            block.rollBackPartialRow();
            throw e;
        }
        for (int i : settlingColumns) {
            block.column(i).settle();
        }
        for (int i : movedColumns) {
            RowBuffer value = cols[i];
            block.column(i).append(value.array(), 0);
            value.clear();
        }
        block.rowAdded();
        bytesSince += rowEstimate;
        if (++rowsSince >= MEASURE_EVERY_ROWS) {
            measure();
        }
    }

    private void moved(RowBuffer from, int rowCount) {
        block.appendRows(from.array(), 0, from.size(), rowCount);
        bytesSince += from.size();
        rowsSince += rowCount;
        if (rowsSince >= MEASURE_EVERY_ROWS) {
            measure();
        }
        if (from.capacity() > KEEP_SCRATCH_BYTES) {
            scratch = new RowBuffer(4096);
        }
    }

    private void measure() {
        long size = block.size();
        if (rowsSince > 0 && size > measuredSize) {
            rowEstimate = Math.max(1, (size - measuredSize + rowsSince - 1) / rowsSince);
        }
        measuredSize = size;
        measuredCapacity = block.capacity();
        bytesSince = 0;
        rowsSince = 0;
    }

    @Override
    public RowBuffer recordBuffer(RowBuffer payload) {
        scratch.clear();
        return scratch;
    }

    @Override
    public void recordRead(RowBuffer payload, int rowCount) {
        moved(scratch, rowCount);
    }

    @Override
    public long size(RowBuffer payload) {
        // exact every MEASURE_EVERY_ROWS rows; in between the rows' RowBinary bytes stand for their Native bytes
        return measuredSize + bytesSince;
    }

    @Override
    public long heldBytes() {
        // the column buffers' growth since the last measurement is charged at the next one
        return measuredCapacity + scratch.capacity();
    }

    @Override
    public void seal(RowBuffer payload, int threshold, int initialCapacity) {
        payload.clear();
        block.writeTo(payload);
        block.clear(threshold, initialCapacity);
        measure();
    }
}
