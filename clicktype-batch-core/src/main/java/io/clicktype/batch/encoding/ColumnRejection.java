package io.clicktype.batch.encoding;

/**
 * A {@link ValueRejectedException} tagged with the index of the column that raised it, so that
 * {@link MappedRowEncoder} can name the column without the sequence tracking it per row.
 */
final class ColumnRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int column;

    ColumnRejection(int column, ValueRejectedException cause) {
        super(cause.getMessage(), cause, false, false);
        this.column = column;
    }

    /** Index of the rejecting column in insert order. */
    int column() {
        return column;
    }

    /** What is wrong with the value. */
    ValueRejectedException reason() {
        return (ValueRejectedException) getCause();
    }
}
