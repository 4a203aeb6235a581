package io.clicktype.batch.encoding;

/**
 * Float32 and Float64: IEEE 754, little-endian. Accepts {@code double}, {@code float} and their
 * boxes. A {@code double} written as Float32 is rounded to the nearest {@code float} like a Java cast
 * (as the server rounds {@code '0.1'} parsed into Float32), but a finite value that would become
 * infinite — beyond ±3.4028235E38 — is rejected; NaN and the infinities pass as they are.
 */
public final class FloatWriter extends ValueWriter implements DoubleSink {

    private final boolean single;

    /** @param family {@code Float32} or {@code Float64} */
    public FloatWriter(String family) {
        super(family);
        this.single = family.equals("Float32");
    }

    @Override
    public void checkDouble(double value) {
        if (single && Float.isInfinite((float) value) && !Double.isInfinite(value)) {
            throw new ValueRejectedException("value " + value + " is outside the Float32 range [" + -Float.MAX_VALUE
                    + ", " + Float.MAX_VALUE + "] (it would become " + (float) value + "); make the column Float64");
        }
    }

    @Override
    public void writeDouble(double value, RowBuffer out) {
        checkDouble(value);
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
        checkDouble(((Number) value).doubleValue());
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        checkNonNull(value);
        writeDouble(((Number) value).doubleValue(), out);
    }
}
