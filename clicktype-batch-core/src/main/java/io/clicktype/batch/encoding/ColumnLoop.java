package io.clicktype.batch.encoding;

import java.util.List;

/**
 * The plain {@link ColumnSequence}: a loop over the codecs. Used when a specialised
 * {@link ColumnChain} cannot be defined; correct for any row, but its single call site sees every
 * codec class, so the JIT cannot inline through it.
 */
final class ColumnLoop<T> extends ColumnSequence<T> {

    private final ColumnEncoder<T>[] columns;

    @SuppressWarnings("unchecked")
    ColumnLoop(List<ColumnEncoder<T>> columns) {
        this.columns = columns.toArray(new ColumnEncoder[0]);
    }

    @Override
    void validate(T row) {
        ColumnEncoder<T>[] cols = columns;
        int i = 0;
        try {
            for (; i < cols.length; i++) {
                cols[i].validate(row);
            }
        } catch (ValueRejectedException e) {
            throw new ColumnRejection(i, e);
        }
    }

    @Override
    void encodeColumns(T row, RowBuffer[] targets) {
        ColumnEncoder<T>[] cols = columns;
        int i = 0;
        try {
            for (; i < cols.length; i++) {
                cols[i].encode(row, targets[i]);
            }
        } catch (ValueRejectedException e) {
            throw new ColumnRejection(i, e);
        }
    }

    @Override
    void encode(T row, RowBuffer out) {
        ColumnEncoder<T>[] cols = columns;
        int i = 0;
        try {
            for (; i < cols.length; i++) {
                cols[i].encode(row, out);
            }
        } catch (ValueRejectedException e) {
            throw new ColumnRejection(i, e);
        }
    }
}
