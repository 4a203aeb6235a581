package io.clicktype.batch.encoding;

import io.clicktype.batch.BatchFormat;

/**
 * {@link BatchFormat#ROW_BINARY}: each row is encoded straight into the batch's buffer, which is the payload; a
 * write-ahead log's records, already RowBinary, are copied in as they are.
 *
 * @param <T> the row type
 */
public final class RowBinaryBatchEncoder<T> implements BatchEncoder<T> {

    private final RowEncoder<T> rows;

    /** @param rows the row type's encoder */
    public RowBinaryBatchEncoder(RowEncoder<T> rows) {
        this.rows = rows;
    }

    @Override
    public BatchFormat format() {
        return BatchFormat.ROW_BINARY;
    }

    @Override
    public void encode(T row, RowBuffer payload) {
        int mark = payload.size();
        try {
            rows.encode(row, payload);
        } catch (RuntimeException | Error e) {
            payload.truncate(mark);
            throw e;
        }
    }

    @Override
    public RowBuffer recordBuffer(RowBuffer payload) {
        return payload;
    }

    @Override
    public void recordRead(RowBuffer payload, int rowCount) {
        // the record's rows are in the payload already
    }

    @Override
    public long size(RowBuffer payload) {
        return payload.size();
    }

    @Override
    public long heldBytes() {
        return 0;
    }

    @Override
    public void seal(RowBuffer payload, int threshold, int initialCapacity) {
        // the payload is complete
    }
}
