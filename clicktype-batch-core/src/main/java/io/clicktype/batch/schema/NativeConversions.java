package io.clicktype.batch.schema;

import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.mapping.ClickHouseType;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans how one column of a Native block encoded as one ClickHouse type becomes the column of the type it has after
 * an {@code ALTER TABLE ... MODIFY COLUMN}: the same lossless conversions as {@link ValueConversions} (which decides
 * every value's fate and refuses the same changes with the same reasons), applied to a column's streams instead of a
 * row's values. A Native column is its values one after another (for every leaf type their RowBinary bytes, so each
 * value goes through the leaf's {@link ValueConversion}), a Nullable a null map of one byte per row then the values,
 * an Array (and a Map, as the Array of its key-value Tuples) its cumulative UInt64 end offsets then the flat elements,
 * a Tuple each element's column in turn (ClickHouse docs, "Native format"; {@code NativeColumn} writes them so).
 * Stateless.
 */
final class NativeConversions {

    /** One column of {@code count} values, read from a block and written again, as it was or converted. */
    @FunctionalInterface
    interface ColumnConversion {

        /**
         * Reads the column of {@code count} values that starts at {@code pos} of {@code in} and writes it, converted,
         * to {@code out}.
         *
         * @return the position after the column read
         * @throws ArithmeticException when a value does not fit the new type
         */
        int convert(byte[] in, int pos, int count, RowBuffer out);
    }

    private NativeConversions() {
    }

    /**
     * How a column of {@code from} becomes a column of {@code to}; both as stored ({@link ValueConversions#stored}).
     *
     * @throws NotConvertibleException when some value could change (the reason of {@link ValueConversions#plan})
     */
    static ColumnConversion plan(ClickHouseType from, ClickHouseType to) throws NotConvertibleException {
        ClickHouseType a = ValueConversions.stored(from);
        ClickHouseType b = ValueConversions.stored(to);
        String fa = a.family();
        String fb = b.family();
        if (fa.equals("Nullable") && fb.equals("Nullable")) {
            ColumnConversion values = plan(a.child(), b.child());
            return (in, pos, count, out) -> {
                out.writeBytes(in, pos, count); // the null map
                return values.convert(in, pos + count, count, out);
            };
        }
        if (fb.equals("Nullable") && !fa.equals("Nullable")) {
            ColumnConversion values = plan(a, b.child());
            return (in, pos, count, out) -> {
                out.writeZeros(count); // no NULLs
                return values.convert(in, pos, count, out);
            };
        }
        if (fa.equals("Array") && fb.equals("Array")) {
            return offsetsThen(List.of(plan(a.child(), b.child())));
        }
        if (fa.equals("Map") && fb.equals("Map")) {
            return offsetsThen(List.of(plan(a.children().get(0), b.children().get(0)),
                    plan(a.children().get(1), b.children().get(1))));
        }
        if (fa.equals("Tuple") && fb.equals("Tuple") && a.children().size() == b.children().size()) {
            List<ColumnConversion> elements = new ArrayList<>();
            for (int i = 0; i < a.children().size(); i++) {
                elements.add(plan(a.children().get(i), b.children().get(i)));
            }
            ColumnConversion[] parts = elements.toArray(new ColumnConversion[0]);
            return (in, pos, count, out) -> {
                int at = pos;
                for (ColumnConversion part : parts) {
                    at = part.convert(in, at, count, out);
                }
                return at;
            };
        }
        // a leaf (or a pair ValueConversions refuses, with its reason): value by value, as in RowBinary
        ValueConversion value = ValueConversions.plan(a, b);
        int width = a.equals(b) ? ValueConversions.fixedBytes(a) : -1;
        if (width > 0) {
            return (in, pos, count, out) -> {
                int bytes = Math.multiplyExact(count, width);
                out.writeBytes(in, pos, bytes);
                return pos + bytes;
            };
        }
        return (in, pos, count, out) -> {
            int at = pos;
            for (int i = 0; i < count; i++) {
                at = value.convert(in, at, out);
            }
            return at;
        };
    }

    /** An Array's or Map's column: {@code count} UInt64 end offsets, then each part's column of the last offset's values. */
    private static ColumnConversion offsetsThen(List<ColumnConversion> group) {
        ColumnConversion[] parts = group.toArray(new ColumnConversion[0]);
        return (in, pos, count, out) -> {
            int offsetsEnd = pos + Math.multiplyExact(count, 8);
            out.writeBytes(in, pos, offsetsEnd - pos);
            long total = count == 0 ? 0 : readUInt64(in, offsetsEnd - 8);
            if (total < 0 || total > Integer.MAX_VALUE) {
                throw new ArrayIndexOutOfBoundsException("an Array column's last offset " + total + " is out of range");
            }
            int at = offsetsEnd;
            for (ColumnConversion part : parts) {
                at = part.convert(in, at, (int) total, out);
            }
            return at;
        };
    }

    private static long readUInt64(byte[] in, int pos) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (in[pos + i] & 0xFF);
        }
        return value;
    }
}
