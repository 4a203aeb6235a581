package io.clicktype.batch.encoding;

/**
 * BFloat16: the upper 16 bits of the IEEE 754 Float32, little-endian. A value is first made a Float32 (as
 * {@link FloatWriter} does, rejecting finite values beyond the Float32 range), then its low 16 bits are
 * dropped: truncation toward zero, exactly what ClickHouse 26.7 does converting Float32 to BFloat16
 * (measured: {@code toBFloat16(toFloat32(1.005859375))} is 1, byte pattern 0x3F80; round-to-nearest would give
 * 1.0078125). NaN stays NaN (the canonical NaN's high bits are kept), infinities stay infinite.
 */
public final class BFloat16Writer extends ValueWriter implements DoubleSink {

    private final FloatWriter single = new FloatWriter("Float32");

    /** Creates the writer. */
    public BFloat16Writer() {
        super("BFloat16");
    }

    /** The 16 bits stored for {@code value} (which must be within the Float32 range). */
    static int bits(double value) {
        return Float.floatToIntBits((float) value) >>> 16;
    }

    @Override
    public void checkDouble(double value) {
        try {
            single.checkDouble(value);
        } catch (ValueRejectedException e) {
            throw new ValueRejectedException("value " + value + " is outside the BFloat16 range [" + -Float.MAX_VALUE
                    + ", " + Float.MAX_VALUE + "]; make the column Float64");
        }
    }

    @Override
    public void writeDouble(double value, RowBuffer out) {
        checkDouble(value);
        out.writeShortLE(bits(value));
    }

    @Override
    protected void checkNonNull(Object value) {
        if (!(value instanceof Double || value instanceof Float)) {
            throw wrongClass(value);
        }
        checkDouble(((Number) value).doubleValue());
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        checkNonNull(value);
        out.writeShortLE(bits(((Number) value).doubleValue()));
    }
}
