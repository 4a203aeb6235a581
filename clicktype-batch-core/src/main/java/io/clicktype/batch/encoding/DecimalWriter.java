package io.clicktype.batch.encoding;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Decimal(P, S): the unscaled value as 4, 8, 16 or 32 bytes of little-endian two's complement,
 * chosen by P. A value with more fractional digits than S, or more than P digits in all, is
 * rejected: this writer never rounds. Fewer fractional digits are padded exactly (1.5 is 1.5000).
 */
public final class DecimalWriter extends ValueWriter {

    private final int precision;
    private final int scale;
    private final int bytes;

    /** @param precision P, 1..76; @param scale S, 0..P */
    public DecimalWriter(String type, int precision, int scale) {
        super(type);
        this.precision = precision;
        this.scale = scale;
        this.bytes = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
    }

    @Override
    protected void checkNonNull(Object value) {
        scaled(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        BigDecimal scaled = scaled(value);
        if (bytes == 4) {
            out.writeIntLE((int) scaled.unscaledValue().longValue());
        } else if (bytes == 8) {
            out.writeLongLE(scaled.unscaledValue().longValue());
        } else {
            BigIntegerWriter.writeTwosComplement(scaled.unscaledValue(), bytes, out);
        }
    }

    private BigDecimal scaled(Object value) {
        if (!(value instanceof BigDecimal decimal)) {
            throw wrongClass(value);
        }
        BigDecimal scaled;
        try {
            scaled = decimal.scale() == scale ? decimal : decimal.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ValueRejectedException("BigDecimal with scale " + decimal.scale() + " has more fractional digits than "
                    + type() + " keeps (" + scale + "); round it explicitly with setScale(" + scale + ", mode) first");
        }
        if (scaled.signum() != 0 && scaled.precision() > precision) {
            throw new ValueRejectedException("BigDecimal with " + (scaled.precision() - scale)
                    + " integer digits overflows " + type() + " (at most " + (precision - scale) + ")");
        }
        return scaled;
    }
}
