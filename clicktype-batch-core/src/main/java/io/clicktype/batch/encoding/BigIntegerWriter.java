package io.clicktype.batch.encoding;

import java.math.BigInteger;

/**
 * Int128/Int256/UInt128/UInt256: 16 or 32 bytes of little-endian two's complement, range-checked.
 * Accepts {@link BigInteger}, {@code long} and the smaller integer boxes.
 */
public final class BigIntegerWriter extends ValueWriter implements LongSink {

    private final int bytes;
    private final boolean unsigned;

    private BigIntegerWriter(String type, int bytes, boolean unsigned) {
        super(type);
        this.bytes = bytes;
        this.unsigned = unsigned;
    }

    /** The writer for {@code Int128}, {@code UInt256}, ..., or {@code null} if not one of those. */
    public static BigIntegerWriter of(String family) {
        return switch (family) {
            case "Int128" -> new BigIntegerWriter(family, 16, false);
            case "Int256" -> new BigIntegerWriter(family, 32, false);
            case "UInt128" -> new BigIntegerWriter(family, 16, true);
            case "UInt256" -> new BigIntegerWriter(family, 32, true);
            default -> null;
        };
    }

    @Override
    public void checkLong(long value) {
        if (unsigned && value < 0) {
            throw new ValueRejectedException("value " + value + " is outside the " + type() + " range [0, " + max()
                    + "]");
        }
    }

    @Override
    public void writeLong(long value, RowBuffer out) {
        checkLong(value);
        out.writeLongLE(value);
        long fill = value < 0 ? -1L : 0L;
        for (int i = 8; i < bytes; i += 8) {
            out.writeLongLE(fill);
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
            writeTwosComplement(big, bytes, out);
        } else {
            writeLong(longOf(value), out);
        }
    }

    private void checkBig(BigInteger big) {
        int bits = bytes * 8;
        boolean fits = unsigned ? big.signum() >= 0 && big.bitLength() <= bits : big.bitLength() < bits;
        if (!fits) {
            throw new ValueRejectedException("value " + big + " is outside the " + type() + " range [" + min() + ", "
                    + max() + "]");
        }
    }

    /** The smallest value of the type, as text (only for messages). */
    String min() {
        return unsigned ? "0" : BigInteger.ONE.shiftLeft(bytes * 8 - 1).negate().toString();
    }

    /** The largest value of the type, as text (only for messages). */
    String max() {
        return BigInteger.ONE.shiftLeft(unsigned ? bytes * 8 : bytes * 8 - 1).subtract(BigInteger.ONE).toString();
    }

    private long longOf(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw wrongClass(value);
    }

    /** Writes {@code value} as {@code bytes} little-endian two's complement bytes (it must fit). */
    static void writeTwosComplement(BigInteger value, int bytes, RowBuffer out) {
        byte[] bigEndian = value.toByteArray();
        byte fill = (byte) (value.signum() < 0 ? -1 : 0);
        int offset = out.reserve(bytes);
        byte[] target = out.array();
        for (int i = 0; i < bytes; i++) {
            int source = bigEndian.length - 1 - i;
            target[offset + i] = source >= 0 ? bigEndian[source] : fill;
        }
    }
}
