package io.clicktype.batch.schema;

/**
 * A value of a batch outside the range of the type its column has now (an integer checked value by value,
 * {@link ValueConversions}). {@link SchemaPlan} adds the column it belongs to, so that the refusal names the column,
 * both types and the fix.
 */
final class ValueDoesNotFitException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** The index of the batch's column the value belongs to, or -1 when not known yet. */
    private final int column;

    ValueDoesNotFitException(String message) {
        this(message, -1);
    }

    private ValueDoesNotFitException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The same failure, known to be in the batch's column {@code index}. */
    ValueDoesNotFitException inColumn(int index) {
        return column >= 0 ? this : new ValueDoesNotFitException(getMessage(), index);
    }

    int column() {
        return column;
    }
}
