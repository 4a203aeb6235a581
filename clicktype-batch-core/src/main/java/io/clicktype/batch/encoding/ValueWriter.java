package io.clicktype.batch.encoding;

/**
 * Writes values of one ClickHouse type in RowBinary. Built once per column at mapping time;
 * stateless and thread-safe.
 *
 * <p>{@link #check} validates without writing; {@link #write} validates again (the row may have
 * changed) and writes. Both throw {@link ValueRejectedException} for a value that does not fit.
 */
public abstract class ValueWriter {

    private final String type;

    /** @param type canonical ClickHouse type, for messages */
    protected ValueWriter(String type) {
        this.type = type;
    }

    /** Canonical ClickHouse type this writer produces. */
    public final String type() {
        return type;
    }

    /** Checks a value, which may be {@code null}. */
    public void check(Object value) {
        if (value == null) {
            throw nullRejected();
        }
        checkNonNull(value);
    }

    /** Writes a value, which may be {@code null}. */
    public void write(Object value, RowBuffer out) {
        if (value == null) {
            throw nullRejected();
        }
        writeNonNull(value, out);
    }

    /** Checks a value known not to be null. */
    protected abstract void checkNonNull(Object value);

    /** Writes a value known not to be null. */
    protected abstract void writeNonNull(Object value, RowBuffer out);

    /** An exception for a value of an unexpected Java class (the mapping should prevent it). */
    protected final ValueRejectedException wrongClass(Object value) {
        return new ValueRejectedException("a `" + value.getClass().getSimpleName() + "` cannot be written as " + type);
    }

    /** An exception saying that {@code null} is not allowed here. */
    protected final ValueRejectedException nullRejected() {
        return ValueRejectedException.nullIn(type);
    }
}
