package io.clicktype.batch.encoding;

/**
 * A value does not fit its ClickHouse type. Internal: {@link MappedRowEncoder} turns it into a
 * {@link io.clicktype.batch.RowRejectedException} naming table and column. Has no stack trace,
 * because it is an expected outcome of validation.
 */
public final class ValueRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean nullValue;

    /** @param reason what is wrong with the value, without the value itself when it may be large */
    public ValueRejectedException(String reason) {
        this(reason, false);
    }

    private ValueRejectedException(String reason, boolean nullValue) {
        super(reason, null, false, false);
        this.nullValue = nullValue;
    }

    /**
     * A null where {@code type} has no NULL. The enclosing writer (Array, Map, Tuple) or, for a whole
     * column, {@link MappedRowEncoder} rewords it for the type the user can change.
     */
    static ValueRejectedException nullIn(String type) {
        return new ValueRejectedException("null is not allowed in " + type + "; " + NullableForm.advice(type), true);
    }

    /** Whether this is {@link #nullIn}, not yet reworded by the writer that holds the value. */
    boolean isNullValue() {
        return nullValue;
    }
}
