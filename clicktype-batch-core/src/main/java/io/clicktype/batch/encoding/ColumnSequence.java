package io.clicktype.batch.encoding;

/**
 * The columns of one row type, checked or written in insert order. {@link MappedRowEncoder}
 * holds one; {@link ColumnSequences} chooses the implementation. An abstract class rather than an
 * interface: where an application maps several row types, the encoder's call site sees several
 * sequences, and a virtual call is cheaper than an interface call.
 *
 * @param <T> the row type
 */
abstract class ColumnSequence<T> {

    /** @throws ColumnRejection naming the index of the first column whose value does not fit */
    abstract void validate(T row);

    /** @throws ColumnRejection naming the index of the column whose value does not fit */
    abstract void encode(T row, RowBuffer out);

    /**
     * Writes column {@code i}'s value into {@code targets[i]}, each column into its own buffer (a Native block's
     * columns); {@code targets} has a slot for every column, padded to a multiple of {@value ColumnChain#SLOTS}.
     *
     * @throws ColumnRejection naming the index of the column whose value does not fit
     */
    abstract void encodeColumns(T row, RowBuffer[] targets);
}
