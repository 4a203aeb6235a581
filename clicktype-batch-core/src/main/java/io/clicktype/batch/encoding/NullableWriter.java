package io.clicktype.batch.encoding;

/** Nullable(T): one byte, 1 for NULL (nothing follows) or 0 followed by the T value. */
public final class NullableWriter extends ValueWriter {

    private final ValueWriter inner;

    /** @param inner writer of T */
    public NullableWriter(String type, ValueWriter inner) {
        super(type);
        this.inner = inner;
    }

    @Override
    public void check(Object value) {
        if (value != null) {
            inner.check(value);
        }
    }

    @Override
    public void write(Object value, RowBuffer out) {
        if (value == null) {
            out.writeByte(1);
        } else {
            out.writeByte(0);
            inner.write(value, out);
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        inner.check(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        write(value, out);
    }
}
