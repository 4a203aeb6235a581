package io.clicktype.batch.encoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/**
 * Dynamic: each value is its type in ClickHouse's binary type encoding, then the value in RowBinary (ClickHouse
 * docs, "RowBinary" for Dynamic and "Data types binary encoding"; every code below was read back from 26.7's own
 * RowBinary output of {@code SELECT x::Dynamic}). The Java class picks the type: {@code Long} Int64,
 * {@code Integer} Int32, {@code Short} Int16, {@code Byte} Int8, {@code Double} Float64, {@code Float} Float32,
 * {@code Boolean} Bool, {@code String} String, {@code BigInteger} Int128 (Int256 when wider), {@code BigDecimal}
 * Decimal(P, S) with the smallest P of 9/18/38/76 that holds it, {@code UUID}, {@code LocalDate} Date32,
 * {@code Instant} DateTime64(9, 'UTC'), {@code LocalTime} and {@code Duration} Time64(9), {@code Inet4Address}
 * IPv4, {@code Inet6Address} IPv6; null is the type Nothing (code 0x00) with no value. Any other class is
 * rejected, naming what to send instead.
 */
public final class DynamicWriter extends ValueWriter {

    private static final byte[] INT64 = {0x0A};
    private static final byte[] INT32 = {0x09};
    private static final byte[] INT16 = {0x08};
    private static final byte[] INT8 = {0x07};
    private static final byte[] FLOAT64 = {0x0E};
    private static final byte[] FLOAT32 = {0x0D};
    private static final byte[] BOOL = {0x2D};
    private static final byte[] STRING = {0x15};
    private static final byte[] INT128 = {0x0B};
    private static final byte[] INT256 = {0x0C};
    private static final byte[] UUID_TYPE = {0x1D};
    private static final byte[] DATE32 = {0x10};
    private static final byte[] DATETIME64_9_UTC = {0x14, 9, 3, 'U', 'T', 'C'};
    private static final byte[] TIME64_9 = {0x34, 9};
    private static final byte[] IPV4 = {0x28};
    private static final byte[] IPV6 = {0x29};
    private static final byte[] DECIMAL_CODES = {0x19, 0x1A, 0x1B, 0x1C};
    private static final int[] DECIMAL_PRECISIONS = {9, 18, 38, 76};

    private final IntegerWriter int64 = IntegerWriter.of("Int64");
    private final IntegerWriter int32 = IntegerWriter.of("Int32");
    private final IntegerWriter int16 = IntegerWriter.of("Int16");
    private final IntegerWriter int8 = IntegerWriter.of("Int8");
    private final FloatWriter float64 = new FloatWriter("Float64");
    private final FloatWriter float32 = new FloatWriter("Float32");
    private final BoolWriter bool = new BoolWriter("Bool");
    private final StringWriter string = new StringWriter("String");
    private final BigIntegerWriter int128 = BigIntegerWriter.of("Int128");
    private final BigIntegerWriter int256 = BigIntegerWriter.of("Int256");
    private final UuidWriter uuid = new UuidWriter();
    private final DateWriter date32 = new DateWriter("Date32");
    private final DateTime64Writer instant = new DateTime64Writer("DateTime64(9, 'UTC')", 9, "UTC");
    private final TimeWriter time64 = new TimeWriter("Time64(9)", 9);
    private final InetWriter ipv4 = new InetWriter("IPv4");
    private final InetWriter ipv6 = new InetWriter("IPv6");
    /** Decimal writers by family index and scale, made on first use (a benign race: equal writers). */
    private final DecimalWriter[][] decimals = new DecimalWriter[4][77];

    /** Creates the writer. */
    public DynamicWriter() {
        super("Dynamic");
    }

    @Override
    public void check(Object value) {
        if (value != null) {
            checkNonNull(value);
        }
    }

    @Override
    public void write(Object value, RowBuffer out) {
        if (value == null) {
            out.writeByte(0x00);  // Nothing: NULL
        } else {
            writeNonNull(value, out);
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        writerFor(value).check(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        ValueWriter writer = writerFor(value);
        writer.check(value);  // before the type bytes, so a rejected value leaves nothing half-written
        if (writer instanceof DecimalWriter) {
            int family = decimalFamily((BigDecimal) value);
            out.writeByte(DECIMAL_CODES[family]);
            out.writeByte(DECIMAL_PRECISIONS[family]);
            out.writeByte(Math.max(((BigDecimal) value).scale(), 0));
        } else {
            byte[] header = header(value);
            out.writeBytes(header, 0, header.length);
        }
        writer.write(value, out);
    }

    private ValueWriter writerFor(Object value) {
        if (value instanceof Long) {
            return int64;
        } else if (value instanceof Integer) {
            return int32;
        } else if (value instanceof String) {
            return string;
        } else if (value instanceof Double) {
            return float64;
        } else if (value instanceof Boolean) {
            return bool;
        } else if (value instanceof Float) {
            return float32;
        } else if (value instanceof Short) {
            return int16;
        } else if (value instanceof Byte) {
            return int8;
        } else if (value instanceof BigInteger big) {
            return big.bitLength() < 128 ? int128 : int256;
        } else if (value instanceof BigDecimal decimal) {
            return decimal(decimal);
        } else if (value instanceof UUID) {
            return uuid;
        } else if (value instanceof LocalDate) {
            return date32;
        } else if (value instanceof Instant) {
            return instant;
        } else if (value instanceof LocalTime || value instanceof Duration) {
            return time64;
        } else if (value instanceof Inet4Address) {
            return ipv4;
        } else if (value instanceof Inet6Address) {
            return ipv6;
        }
        throw new ValueRejectedException("a `" + value.getClass().getSimpleName() + "` has no type in Dynamic here; "
                + "send a Long, Integer, Short, Byte, Double, Float, Boolean, String, BigInteger, BigDecimal, UUID, "
                + "LocalDate, Instant, LocalTime, Duration or InetAddress, or declare the column with a concrete type");
    }

    private byte[] header(Object value) {
        if (value instanceof Long) {
            return INT64;
        } else if (value instanceof Integer) {
            return INT32;
        } else if (value instanceof String) {
            return STRING;
        } else if (value instanceof Double) {
            return FLOAT64;
        } else if (value instanceof Boolean) {
            return BOOL;
        } else if (value instanceof Float) {
            return FLOAT32;
        } else if (value instanceof Short) {
            return INT16;
        } else if (value instanceof Byte) {
            return INT8;
        } else if (value instanceof BigInteger big) {
            return big.bitLength() < 128 ? INT128 : INT256;
        } else if (value instanceof UUID) {
            return UUID_TYPE;
        } else if (value instanceof LocalDate) {
            return DATE32;
        } else if (value instanceof Instant) {
            return DATETIME64_9_UTC;
        } else if (value instanceof LocalTime || value instanceof Duration) {
            return TIME64_9;
        } else if (value instanceof Inet4Address) {
            return IPV4;
        }
        return IPV6;
    }

    /** The smallest Decimal32/64/128/256 (0..3) with room for the value's integer digits and its scale. */
    private static int decimalFamily(BigDecimal decimal) {
        int scale = Math.max(decimal.scale(), 0);
        int digits = Math.max(decimal.precision() - decimal.scale(), 1) + scale;
        for (int i = 0; i < DECIMAL_PRECISIONS.length; i++) {
            if (digits <= DECIMAL_PRECISIONS[i]) {
                return i;
            }
        }
        return DECIMAL_PRECISIONS.length - 1;  // too wide even for Decimal256: its writer rejects it
    }

    private DecimalWriter decimal(BigDecimal decimal) {
        int family = decimalFamily(decimal);
        int scale = decimal.scale();
        if (scale < 0 || scale > 76) {
            throw new ValueRejectedException("a BigDecimal with scale " + scale + " has no Decimal type (0 <= scale "
                    + "<= 76); use setScale first");
        }
        int precision = DECIMAL_PRECISIONS[family];
        DecimalWriter writer = decimals[family][scale];
        if (writer == null) {
            writer = new DecimalWriter("Decimal(" + precision + ", " + scale + ")", precision, scale);
            decimals[family][scale] = writer;
        }
        return writer;
    }
}
