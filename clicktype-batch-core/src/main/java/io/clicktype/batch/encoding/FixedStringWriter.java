package io.clicktype.batch.encoding;

/**
 * FixedString(N): exactly N bytes, zero-padded. A longer value is rejected, never truncated.
 * Accepts {@link String} (UTF-8) and {@code byte[]}.
 */
public final class FixedStringWriter extends ValueWriter {

    private final int size;

    /** @param size N, in bytes */
    public FixedStringWriter(String type, int size) {
        super(type);
        this.size = size;
    }

    @Override
    protected void checkNonNull(Object value) {
        lengthOf(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        int length = lengthOf(value);
        if (value instanceof String s) {
            Utf8.write(s, length, out);
        } else {
            out.writeBytes((byte[]) value, 0, length);
        }
        out.writeZeros(size - length);
    }

    private int lengthOf(Object value) {
        int length;
        if (value instanceof String s) {
            length = Utf8.length(s);
        } else if (value instanceof byte[] bytes) {
            length = bytes.length;
        } else {
            throw wrongClass(value);
        }
        if (length > size) {
            throw new ValueRejectedException("a value of " + length + " bytes is longer than " + type()
                    + "; shorten it or widen the column");
        }
        return length;
    }
}
