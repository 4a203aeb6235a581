package io.clicktype.batch.encoding;

import java.util.UUID;

/**
 * UUID: ClickHouse's RowBinary layout, two little-endian 64-bit halves, most significant half
 * first.
 */
public final class UuidWriter extends ValueWriter {

    /** Creates the writer. */
    public UuidWriter() {
        super("UUID");
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!(value instanceof UUID)) {
            throw wrongClass(value);
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        checkNonNull(value);
        UUID uuid = (UUID) value;
        out.writeLongLE(uuid.getMostSignificantBits());
        out.writeLongLE(uuid.getLeastSignificantBits());
    }
}
