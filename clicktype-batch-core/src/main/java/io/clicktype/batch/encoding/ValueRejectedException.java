package io.clicktype.batch.encoding;

/**
 * A value does not fit its ClickHouse type. Internal: {@link MappedRowEncoder} turns it into a
 * {@link io.clicktype.batch.RowRejectedException} naming table and column. Has no stack trace,
 * because it is an expected outcome of validation.
 */
public final class ValueRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong with the value, without the value itself when it may be large */
    public ValueRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
