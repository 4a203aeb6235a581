package io.clicktype.batch.encoding;

import java.math.BigInteger;

/**
 * Int8/16/32/64 and UInt8/16/32/64: little-endian two's complement, 1 to 8 bytes, range-checked
 * against the column type so that a wider Java type ({@code long} into UInt32) never wraps.
 * Accepts {@code long}, {@code int}, {@code short}, {@code byte}, their boxes and {@link BigInteger}
 * (needed for UInt64 values above {@code Long.MAX_VALUE}).
 */
public final class IntegerWriter extends ValueWriter implements LongSink {

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final int bytes;
    private final long min;
    private final long max;
    private final boolean uint64;

    private IntegerWriter(String type, int bytes, long min, long max) {
        super(type);
        this.bytes = bytes;
        this.min = min;
        this.max = max;
        this.uint64 = type.equals("UInt64");
    }

    /** The writer for an integer family such as {@code UInt32}, or {@code null} if not one. */
    public static IntegerWriter of(String family) {
        return switch (family) {
            case "Int8" -> new IntegerWriter(family, 1, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "Int16" -> new IntegerWriter(family, 2, Short.MIN_VALUE, Short.MAX_VALUE);
            case "Int32" -> new IntegerWriter(family, 4, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "Int64" -> new IntegerWriter(family, 8, Long.MIN_VALUE, Long.MAX_VALUE);
            case "UInt8" -> new IntegerWriter(family, 1, 0, 0xFFL);
            case "UInt16" -> new IntegerWriter(family, 2, 0, 0xFFFFL);
            case "UInt32" -> new IntegerWriter(family, 4, 0, 0xFFFF_FFFFL);
            case "UInt64" -> new IntegerWriter(family, 8, 0, Long.MAX_VALUE);
            default -> null;
        };
    }

    @Override
    public void checkLong(long value) {
        if (value < min || value > max) {
            throw outOfRange(Long.toString(value));
        }
    }

    @Override
    public void writeLong(long value, RowBuffer out) {
        checkLong(value);
        switch (bytes) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShortLE((int) value);
            case 4 -> out.writeIntLE((int) value);
            default -> out.writeLongLE(value);
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        if (value instanceof BigInteger big) {
            checkBig(big);
        } else {
            checkLong(longOf(value));
        }
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        if (value instanceof BigInteger big) {
            checkBig(big);
            if (uint64) {
                out.writeLongLE(big.longValue());  // low 64 bits: the unsigned value
                return;
            }
            writeLong(big.longValue(), out);
        } else {
            writeLong(longOf(value), out);
        }
    }

    private void checkBig(BigInteger big) {
        boolean fits = uint64 ? big.signum() >= 0 && big.compareTo(UINT64_MAX) <= 0
                : big.bitLength() < 64 && big.longValue() >= min && big.longValue() <= max;
        if (!fits) {
            throw outOfRange(big.toString());
        }
    }

    private long longOf(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw wrongClass(value);
    }

    private ValueRejectedException outOfRange(String value) {
        String upper = uint64 ? UINT64_MAX.toString() : Long.toString(max);
        return new ValueRejectedException("value " + value + " is outside the " + type() + " range [" + min + ", "
                + upper + "]");
    }
}
