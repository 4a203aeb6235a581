package io.clicktype.batch.encoding;

/**
 * String: varint length, then the bytes. Accepts {@link String} (UTF-8) and {@code byte[]} (raw).
 * Also used for {@code LowCardinality(String)}, which RowBinary writes as plain String.
 */
public final class StringWriter extends ValueWriter {

    /** @param type canonical type for messages */
    public StringWriter(String type) {
        super(type);
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!(value instanceof String || value instanceof byte[])) {
            throw wrongClass(value);
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        if (value instanceof String s) {
            Utf8.writeWithLength(s, out);
        } else if (value instanceof byte[] bytes) {
            out.writeVarUInt(bytes.length);
            out.writeBytes(bytes, 0, bytes.length);
        } else {
            throw wrongClass(value);
        }
    }
}
