package io.clicktype.batch.encoding;

/**
 * The columns of one row type, checked or written in insert order. {@link MappedRowEncoder}
 * holds one; {@link ColumnSequences} chooses the implementation.
 *
 * @param <T> the row type
 */
interface ColumnSequence<T> {

    /** @throws ColumnRejection naming the index of the first column whose value does not fit */
    void validate(T row);

    /** @throws ColumnRejection naming the index of the column whose value does not fit */
    void encode(T row, RowBuffer out);
}
