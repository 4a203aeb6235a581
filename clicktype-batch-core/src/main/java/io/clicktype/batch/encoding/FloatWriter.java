package io.clicktype.batch.encoding;

/**
 * Float32 and Float64: IEEE 754, little-endian. Accepts {@code double}, {@code float} and their
 * boxes; a {@code double} written as Float32 is narrowed like a Java cast (only when the column or
 * a pin says Float32).
 */
public final class FloatWriter extends ValueWriter implements DoubleSink {

    private final boolean single;

    /** @param family {@code Float32} or {@code Float64} */
    public FloatWriter(String family) {
        super(family);
        this.single = family.equals("Float32");
    }

    @Override
    public void writeDouble(double value, RowBuffer out) {
        if (single) {
            out.writeFloatLE((float) value);
        } else {
            out.writeDoubleLE(value);
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!(value instanceof Double || value instanceof Float)) {
            throw wrongClass(value);
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        checkNonNull(value);
        writeDouble(((Number) value).doubleValue(), out);
    }
}
