package io.clicktype.batch.encoding;

/**
 * String: varint length, then the bytes. Accepts {@link String} (UTF-8), {@code byte[]} (raw) and
 * Java enums (their {@link Enum#name()}).
 * Also used for {@code LowCardinality(String)}, which RowBinary writes as plain String.
 */
public final class StringWriter extends ValueWriter {

    /** @param type canonical type for messages */
    public StringWriter(String type) {
        super(type);
    }

    @Override
    protected void checkNonNull(Object value) {
        if (value instanceof String s) {
            Utf8.checkPaired(s);
        } else if (!(value instanceof byte[] || value instanceof Enum)) {
            throw wrongClass(value);
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        if (value instanceof String s) {
            Utf8.writeWithLength(s, out);
        } else if (value instanceof Enum<?> constant) {
            Utf8.writeWithLength(constant.name(), out);
        } else if (value instanceof byte[] bytes) {
            out.writeVarUInt(bytes.length);
            out.writeBytes(bytes, 0, bytes.length);
        } else {
            throw wrongClass(value);
        }
    }
}
