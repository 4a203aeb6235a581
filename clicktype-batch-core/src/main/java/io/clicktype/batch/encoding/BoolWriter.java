package io.clicktype.batch.encoding;

/**
 * Bool (and UInt8 on servers without Bool): one byte, 0 or 1. Accepts {@code boolean} and
 * {@link Boolean}.
 */
public final class BoolWriter extends ValueWriter implements BooleanSink {

    /** @param type {@code Bool} or {@code UInt8} */
    public BoolWriter(String type) {
        super(type);
    }

    @Override
    public void writeBoolean(boolean value, RowBuffer out) {
        out.writeByte(value ? 1 : 0);
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!(value instanceof Boolean)) {
            throw wrongClass(value);
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        checkNonNull(value);
        writeBoolean((Boolean) value, out);
    }
}
