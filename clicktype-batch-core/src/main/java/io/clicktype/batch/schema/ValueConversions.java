package io.clicktype.batch.schema;

import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.mapping.ClickHouseType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans how RowBinary values encoded as one ClickHouse type become values of the type a column has after an
 * {@code ALTER TABLE ... MODIFY COLUMN} (or has all along, when the batcher did not read the table: validation off),
 * <b>only where each value is kept, or becomes what the encoder would have written for the new type from the same
 * Java value</b> (a double rounded to Float32, a time's extra fraction digits dropped), and a value the new type cannot
 * hold refuses the batch:
 *
 * <ul>
 *   <li>the same type, or one that differs only by {@code LowCardinality} / {@code SimpleAggregateFunction}
 *       (RowBinary writes both as their inner type): copied;</li>
 *   <li>integers to a wider integer of the same signedness, unsigned to a strictly wider signed one; integers of
 *       up to 32 bits to {@code Float64}, of up to 16 bits to {@code Float32}; {@code Float32} to {@code Float64};</li>
 *   <li>integers to a narrower integer or one of the other signedness, <b>value by value</b>: each value is checked
 *       against the new type's range, and a batch holding one that does not fit is refused
 *       ({@link ValueDoesNotFitException}), never wrapped;</li>
 *   <li>as the encoder writes a value for the column's type, where that type holds less: {@code Float64} to
 *       {@code Float32} rounded to the nearest float (a finite value beyond its range refused), {@code DateTime64(p)}
 *       to a lower precision or to {@code DateTime} with the digits past it dropped (an instant outside
 *       {@code DateTime}'s 1970-2106 refused): a batch converted so holds what a batcher started for that type would
 *       have sent;</li>
 *   <li>{@code Date} to {@code Date32}; {@code DateTime} to {@code DateTime64(p)} and {@code DateTime64(p)} to a
 *       higher precision, in the same time zone; {@code Decimal(P, S)} to one with at least as many integer and
 *       fraction digits;</li>
 *   <li>{@code Enum8}/{@code Enum16} to an enum that keeps every name with its number;</li>
 *   <li>{@code T} to {@code Nullable(T')}, and through {@code Nullable}, {@code Array}, {@code Map} and
 *       {@code Tuple}, element by element.</li>
 * </ul>
 *
 * Anything else (an integer into a float that cannot hold it exactly, a Decimal losing digits, a {@code Nullable} made
 * non-null, a time zone changed, another kind of type) is refused with the reason: ClickHouse's own conversions
 * ({@code CAST}, {@code input()}) would wrap or round such values silently. Value layouts: ClickHouse docs, "Formats:
 * RowBinary". Stateless.
 */
final class ValueConversions {

    /** Where one value of a type ends, without converting it. */
    @FunctionalInterface
    private interface Walker {
        int end(byte[] in, int pos);
    }

    private ValueConversions() {
    }

    /**
     * How values of {@code from} become values of {@code to}.
     *
     * @throws NotConvertibleException when some value could change, with the reason (e.g. {@code narrowing: Int64
     *                                 values may not fit Int32})
     */
    static ValueConversion plan(ClickHouseType from, ClickHouseType to) throws NotConvertibleException {
        ClickHouseType a = stored(from);
        ClickHouseType b = stored(to);
        if (a.equals(b)) {
            return copy(walker(a));
        }
        String fa = a.family();
        String fb = b.family();
        if (fa.equals("Nullable") && fb.equals("Nullable")) {
            ValueConversion inner = plan(a.child(), b.child());
            return (in, pos, out) -> {
                out.writeByte(in[pos]);
                return in[pos] != 0 ? pos + 1 : inner.convert(in, pos + 1, out);
            };
        }
        if (fb.equals("Nullable")) {
            ValueConversion inner = plan(a, b.child());
            return (in, pos, out) -> {
                out.writeByte(0);
                return inner.convert(in, pos, out);
            };
        }
        if (fa.equals("Nullable")) {
            throw new NotConvertibleException("NULL values of " + a + " have no place in the non-Nullable " + b);
        }
        if (fa.equals("Array") && fb.equals("Array")) {
            return repeated(List.of(plan(a.child(), b.child())));
        }
        if (fa.equals("Map") && fb.equals("Map")) {
            return repeated(List.of(plan(a.children().get(0), b.children().get(0)),
                    plan(a.children().get(1), b.children().get(1))));
        }
        if (fa.equals("Tuple") && fb.equals("Tuple") && a.children().size() == b.children().size()) {
            List<ValueConversion> elements = new ArrayList<>();
            for (int i = 0; i < a.children().size(); i++) {
                elements.add(plan(a.children().get(i), b.children().get(i)));
            }
            return sequence(elements);
        }
        return scalar(a, b);
    }

    private static ValueConversion scalar(ClickHouseType a, ClickHouseType b) throws NotConvertibleException {
        String fa = a.family();
        String fb = b.family();
        if (isInteger(fa) && isInteger(fb)) {
            boolean signedA = fa.startsWith("Int");
            boolean signedB = fb.startsWith("Int");
            int wa = integerBytes(fa);
            int wb = integerBytes(fb);
            if (signedA == signedB ? wb >= wa : !signedA && wb > wa) {
                return resize(wa, wb, signedA);
            }
            // narrowing or a change of signedness: some values fit and some do not, so each value is checked (a
            // batch with one that does not fit is refused, ValueDoesNotFitException); the usual case is a record
            // whose long goes to a UInt64 column, encoded as Int64 when the table was not read (validation off)
            return checked(wa, signedA, wb, signedB, b);
        }
        if (isInteger(fa) && (fb.equals("Float64") || fb.equals("Float32"))) {
            int exactBytes = fb.equals("Float64") ? 4 : 2;
            if (integerBytes(fa) > exactBytes) {
                throw new NotConvertibleException("precision: " + fb + " holds integers exactly only up to "
                        + (exactBytes * 8) + " bits, " + a + " values may be rounded");
            }
            boolean signed = fa.startsWith("Int");
            int width = integerBytes(fa);
            boolean wide = fb.equals("Float64");
            return (in, pos, out) -> {
                long value = readLong(in, pos, width, signed);
                if (wide) {
                    out.writeDoubleLE(value);
                } else {
                    out.writeFloatLE(value);
                }
                return pos + width;
            };
        }
        if (fa.equals("Float32") && fb.equals("Float64")) {
            return (in, pos, out) -> {
                out.writeDoubleLE(Float.intBitsToFloat((int) readLong(in, pos, 4, true)));
                return pos + 4;
            };
        }
        if (fa.equals("Date") && fb.equals("Date32")) {
            return resize(2, 4, false);
        }
        if ((fa.equals("DateTime") || fa.equals("DateTime64")) && fb.equals("DateTime64")) {
            return dateTime64(a, b);
        }
        if (fa.equals("DateTime64") && fb.equals("DateTime")) {
            return toDateTime(a, b);
        }
        if (fa.equals("Float64") && fb.equals("Float32")) {
            // rounded to the nearest float, as the encoder writes a double for a Float32 column; a finite value
            // beyond Float32's range is refused, as the encoder refuses it, never turned into Infinity
            return (in, pos, out) -> {
                double value = Double.longBitsToDouble(readLong(in, pos, 8, true));
                float rounded = (float) value;
                if (Float.isInfinite(rounded) && !Double.isInfinite(value)) {
                    throw new ValueDoesNotFitException("range: value " + value + " does not fit Float32 (it would "
                            + "become Infinity)");
                }
                out.writeFloatLE(rounded);
                return pos + 8;
            };
        }
        if (fa.equals("Decimal") && fb.equals("Decimal")) {
            return decimal(a, b);
        }
        if ((fa.equals("Enum8") || fa.equals("Enum16")) && (fb.equals("Enum8") || fb.equals("Enum16"))) {
            return enumeration(a, b);
        }
        String kind = isNumeric(fa) && isNumeric(fb) ? (isFloat(fa) && !isFloat(fb) ? "fraction" : "precision")
                : "different kinds";
        throw new NotConvertibleException(kind + ": " + a + " values cannot be carried into " + b
                + " without a possible change of value");
    }

    private static ValueConversion dateTime64(ClickHouseType a, ClickHouseType b) throws NotConvertibleException {
        sameZone(a, b);
        int precisionA = a.is("DateTime") ? 0 : a.intArg(0);
        int precisionB = b.intArg(0);
        if (precisionB < precisionA) {
            // the digits past the column's precision dropped, as the encoder drops them for a column of that precision
            long divisor = BigInteger.TEN.pow(precisionA - precisionB).longValueExact();
            return (in, pos, out) -> {
                out.writeLongLE(Math.floorDiv(readLong(in, pos, 8, true), divisor));
                return pos + 8;
            };
        }
        long factor = BigInteger.TEN.pow(precisionB - precisionA).longValueExact();
        boolean seconds = a.is("DateTime");
        return (in, pos, out) -> {
            long value = seconds ? readLong(in, pos, 4, false) : readLong(in, pos, 8, true);
            out.writeLongLE(Math.multiplyExact(value, factor));
            return pos + (seconds ? 4 : 8);
        };
    }

    /**
     * {@code DateTime64(p)} to {@code DateTime} (seconds, {@code UInt32}) in the same time zone: the fraction dropped
     * as the encoder drops it for a DateTime column; an instant before 1970 or after 2106 is refused.
     */
    private static ValueConversion toDateTime(ClickHouseType a, ClickHouseType b) throws NotConvertibleException {
        sameZone(a, b);
        long divisor = BigInteger.TEN.pow(a.intArg(0)).longValueExact();
        return (in, pos, out) -> {
            long seconds = Math.floorDiv(readLong(in, pos, 8, true), divisor);
            if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
                throw new ValueDoesNotFitException("range: second " + seconds + " since 1970 does not fit " + b
                        + " (1970-01-01 to 2106-02-07)");
            }
            out.writeIntLE((int) seconds);
            return pos + 8;
        };
    }

    /** Refuses times whose zones differ: the same stored instant would be read as another local time. */
    private static void sameZone(ClickHouseType a, ClickHouseType b) throws NotConvertibleException {
        if (!java.util.Objects.equals(a.timezone(), b.timezone())) {
            throw new NotConvertibleException("time zone: " + a + " and " + b + " read the same instant as different "
                    + "local times");
        }
    }

    private static ValueConversion decimal(ClickHouseType a, ClickHouseType b) throws NotConvertibleException {
        int precisionA = a.intArg(0);
        int scaleA = a.intArg(1);
        int precisionB = b.intArg(0);
        int scaleB = b.intArg(1);
        if (scaleB < scaleA || precisionB - scaleB < precisionA - scaleA) {
            throw new NotConvertibleException("precision: " + a + " values may not fit " + b + " (it needs at least "
                    + (precisionA - scaleA) + " integer and " + scaleA + " fraction digits)");
        }
        int wa = decimalBytes(precisionA);
        int wb = decimalBytes(precisionB);
        if (scaleA == scaleB) {
            return resize(wa, wb, true);
        }
        BigInteger factor = BigInteger.TEN.pow(scaleB - scaleA);
        return (in, pos, out) -> {
            byte[] bigEndian = new byte[wa];
            for (int i = 0; i < wa; i++) {
                bigEndian[i] = in[pos + wa - 1 - i];
            }
            byte[] scaled = new BigInteger(bigEndian).multiply(factor).toByteArray();
            int fill = scaled[0] < 0 ? 0xFF : 0;
            for (int i = 0; i < wb; i++) {
                out.writeByte(i < scaled.length ? scaled[scaled.length - 1 - i] : fill);
            }
            return pos + wa;
        };
    }

    private static ValueConversion enumeration(ClickHouseType a, ClickHouseType b) throws NotConvertibleException {
        Map<String, Long> target = enumValues(b);
        for (Map.Entry<String, Long> value : enumValues(a).entrySet()) {
            if (!value.getValue().equals(target.get(value.getKey()))) {
                throw new NotConvertibleException("enum values: " + b + " does not keep " + value.getKey() + " = "
                        + value.getValue() + " of " + a);
            }
        }
        // every old number is a number of the new enum, so it fits its width
        return resize(a.is("Enum8") ? 1 : 2, b.is("Enum8") ? 1 : 2, true);
    }

    private static Map<String, Long> enumValues(ClickHouseType type) throws NotConvertibleException {
        Map<String, Long> values = new HashMap<>();
        for (String arg : type.args()) {
            int equals = arg.lastIndexOf('=');
            if (equals < 0) {
                throw new NotConvertibleException("enum values: cannot read the values of " + type);
            }
            values.put(arg.substring(0, equals).trim(), Long.parseLong(arg.substring(equals + 1).trim()));
        }
        return values;
    }

    /** An integer of {@code from} bytes written as {@code to} bytes: sign- or zero-extended, or cut where it fits. */
    private static ValueConversion resize(int from, int to, boolean signed) {
        return (in, pos, out) -> {
            int copied = Math.min(from, to);
            out.writeBytes(in, pos, copied);
            if (to > from) {
                int fill = signed && in[pos + from - 1] < 0 ? 0xFF : 0;
                for (int i = from; i < to; i++) {
                    out.writeByte(fill);
                }
            }
            return pos + from;
        };
    }

    /**
     * An integer of {@code from} bytes written as one of {@code to} bytes, if its value fits {@code target}: the bytes
     * past the new width must only extend the sign, and a signed target's top bit must agree with the value's sign.
     *
     * @throws ValueDoesNotFitException for a value outside {@code target}'s range
     */
    private static ValueConversion checked(int from, boolean signedFrom, int to, boolean signedTo,
            ClickHouseType target) {
        return (in, pos, out) -> {
            boolean negative = signedFrom && in[pos + from - 1] < 0;
            if (!fits(in, pos, from, negative, to, signedTo)) {
                throw new ValueDoesNotFitException((negative && !signedTo ? "signedness" : "narrowing") + ": value "
                        + integer(in, pos, from, signedFrom) + " does not fit " + target);
            }
            out.writeBytes(in, pos, Math.min(from, to));
            for (int i = from; i < to; i++) {
                out.writeByte(negative ? 0xFF : 0);
            }
            return pos + from;
        };
    }

    private static boolean fits(byte[] in, int pos, int from, boolean negative, int to, boolean signedTo) {
        if (negative && !signedTo) {
            return false;
        }
        int extension = negative ? 0xFF : 0;
        for (int i = to; i < from; i++) {
            if ((in[pos + i] & 0xFF) != extension) {
                return false;
            }
        }
        return !signedTo || to > from || (in[pos + to - 1] < 0) == negative;
    }

    /** A little-endian integer's value, for a message. */
    private static BigInteger integer(byte[] in, int pos, int width, boolean signed) {
        byte[] bigEndian = new byte[width];
        for (int i = 0; i < width; i++) {
            bigEndian[i] = in[pos + width - 1 - i];
        }
        return signed ? new BigInteger(bigEndian) : new BigInteger(1, bigEndian);
    }

    /** A varint count, then that many groups of values (an Array's elements, a Map's key-value pairs). */
    private static ValueConversion repeated(List<ValueConversion> group) {
        ValueConversion[] parts = group.toArray(new ValueConversion[0]);
        return (in, pos, out) -> {
            long count = varint(in, pos);
            int at = varintEnd(in, pos);
            out.writeVarUInt(count);
            for (long i = 0; i < count; i++) {
                for (ValueConversion part : parts) {
                    at = part.convert(in, at, out);
                }
            }
            return at;
        };
    }

    private static ValueConversion sequence(List<ValueConversion> elements) {
        ValueConversion[] parts = elements.toArray(new ValueConversion[0]);
        return (in, pos, out) -> {
            int at = pos;
            for (ValueConversion part : parts) {
                at = part.convert(in, at, out);
            }
            return at;
        };
    }

    private static ValueConversion copy(Walker walker) {
        return (in, pos, out) -> {
            int end = walker.end(in, pos);
            out.writeBytes(in, pos, end - pos);
            return end;
        };
    }

    /** Where each value of {@code type} ends. @throws NotConvertibleException for layouts the batcher cannot read */
    private static Walker walker(ClickHouseType type) throws NotConvertibleException {
        ClickHouseType t = stored(type);
        int width = fixedBytes(t);
        if (width >= 0) {
            return (in, pos) -> pos + width;
        }
        switch (t.family()) {
            case "String":
                return (in, pos) -> varintEnd(in, pos) + (int) varint(in, pos);
            case "Nullable": {
                Walker inner = walker(t.child());
                return (in, pos) -> in[pos] != 0 ? pos + 1 : inner.end(in, pos + 1);
            }
            case "Array":
            case "Map": {
                List<Walker> group = new ArrayList<>();
                for (ClickHouseType child : t.children()) {
                    group.add(walker(child));
                }
                Walker[] parts = group.toArray(new Walker[0]);
                return (in, pos) -> {
                    long count = varint(in, pos);
                    int at = varintEnd(in, pos);
                    for (long i = 0; i < count; i++) {
                        for (Walker part : parts) {
                            at = part.end(in, at);
                        }
                    }
                    return at;
                };
            }
            case "Tuple": {
                List<Walker> elements = new ArrayList<>();
                for (ClickHouseType child : t.children()) {
                    elements.add(walker(child));
                }
                Walker[] parts = elements.toArray(new Walker[0]);
                return (in, pos) -> {
                    int at = pos;
                    for (Walker part : parts) {
                        at = part.end(in, at);
                    }
                    return at;
                };
            }
            default:
                throw new NotConvertibleException("values of " + t + " cannot be read back by the batcher to "
                        + "convert the other columns of the batch");
        }
    }

    /** The type as RowBinary stores it: no {@code LowCardinality} or {@code SimpleAggregateFunction} at any depth. */
    static ClickHouseType stored(ClickHouseType type) {
        ClickHouseType t = type;
        String name = t.fieldName();
        while (t.is("LowCardinality") || t.is("SimpleAggregateFunction")) {
            t = t.children().get(t.children().size() - 1);
        }
        List<ClickHouseType> children = new ArrayList<>(t.children().size());
        for (ClickHouseType child : t.children()) {
            children.add(stored(child));
        }
        return new ClickHouseType(t.family(), children, t.args(), name);
    }

    /** Bytes per value of a fixed-width stored type, or -1 for one of varying width. */
    static int fixedBytes(ClickHouseType t) {
        String f = t.family();
        if (isInteger(f)) {
            return integerBytes(f);
        }
        if (f.startsWith("Interval")) {
            return 8;
        }
        return switch (f) {
            case "Bool", "Enum8" -> 1;
            case "Enum16", "Date", "BFloat16" -> 2;
            case "Float32", "Date32", "DateTime", "IPv4", "Time" -> 4;
            case "Float64", "DateTime64", "Time64" -> 8;
            case "UUID", "IPv6" -> 16;
            case "Decimal" -> decimalBytes(t.intArg(0));
            case "FixedString" -> t.intArg(0);
            default -> -1;
        };
    }

    private static boolean isInteger(String family) {
        return ClickHouseType.integerBits(family) > 0;
    }

    private static boolean isFloat(String family) {
        return family.equals("Float32") || family.equals("Float64") || family.equals("BFloat16");
    }

    private static boolean isNumeric(String family) {
        return isInteger(family) || isFloat(family) || family.equals("Decimal");
    }

    private static int integerBytes(String family) {
        return ClickHouseType.integerBits(family) / 8;
    }

    /** ClickHouse docs, "Decimal": the storage width by precision. */
    private static int decimalBytes(int precision) {
        return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
    }

    private static long readLong(byte[] in, int pos, int width, boolean signed) {
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = (value << 8) | (in[pos + i] & 0xFF);
        }
        if (signed && width < 8) {
            int shift = 64 - width * 8;
            value = (value << shift) >> shift;
        }
        return value;
    }

    static long varint(byte[] in, int pos) {
        long value = 0;
        int shift = 0;
        for (int i = pos; ; i++) {
            byte b = in[i];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }

    static int varintEnd(byte[] in, int pos) {
        int i = pos;
        while (in[i] < 0) {
            i++;
        }
        return i + 1;
    }
}
