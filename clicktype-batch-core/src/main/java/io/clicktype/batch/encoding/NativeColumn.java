package io.clicktype.batch.encoding;

import java.util.List;

/**
 * One column of a Native block being built: its streams, each one contiguous buffer reused across batches, filled one
 * value at a time from that value's RowBinary bytes. Worker-owned, not thread-safe.
 *
 * <p>Why from RowBinary: every column codec already writes a value's RowBinary bytes, checked, with no allocation;
 * and for each leaf type those bytes are exactly the value's bytes in a Native column (fixed-width little-endian
 * numbers, dates, UUIDs, decimals, FixedString; String as length and bytes). What differs is only where they go: a
 * Native column is its values one after another, a Nullable a null map (one byte per row, 1 = NULL) followed by the
 * values (a default in place of each NULL), an Array its cumulative end offsets (UInt64) followed by the flat
 * elements, a Tuple each element's column in turn, a Map the Array of its key-value Tuples (ClickHouse docs, "Native
 * format": column data by type family). So a column here is a tree of these shapes over leaf buffers, and
 * {@link #writeTo} writes the streams in the order the server reads them: depth first, each stream whole.
 */
public abstract class NativeColumn {

    private NativeColumn() {
    }

    /** A leaf of {@code width} bytes per value (Int*, UInt*, Float*, Date*, DateTime*, Decimal*, UUID, IPv*, Enum*, ...). */
    public static NativeColumn fixed(int width) {
        return new Fixed(width);
    }

    /** A String leaf: per value its length (unsigned LEB128) and bytes. */
    public static NativeColumn string() {
        return new Strings();
    }

    /** {@code Nullable(T)}: a null map, then T's values; {@code inner} must be a leaf. */
    public static NativeColumn nullable(NativeColumn inner) {
        return new Nullable(inner);
    }

    /** {@code Array(T)}, and {@code Map(K, V)} as {@code Array(Tuple(K, V))}. */
    public static NativeColumn array(NativeColumn element) {
        return new Array(element);
    }

    /** {@code Tuple(T1, ..., Tn)}: each element's column in turn. */
    public static NativeColumn tuple(List<NativeColumn> elements) {
        return new Tuple(elements.toArray(new NativeColumn[0]));
    }

    /**
     * Appends the value whose RowBinary bytes start at {@code position} of {@code source}.
     *
     * @return the position after the value
     */
    public abstract int append(byte[] source, int position);

    /**
     * The buffer a value's RowBinary bytes can be written into directly: a leaf's (fixed-width or String), whose
     * RowBinary bytes are its Native bytes, or the leaf of a {@code Nullable} or {@code Array} of a leaf, which then
     * {@link #settle settles} each value; {@code null} for a column that must be moved through {@link #append}.
     */
    public RowBuffer directTarget() {
        return null;
    }

    /**
     * Whether each value written into {@link #directTarget} must then be {@link #settle settled}: its RowBinary prefix
     * (the Nullable flag, the Array length) moved into the column's own stream.
     */
    public boolean settles() {
        return false;
    }

    /**
     * Takes the RowBinary prefix off the value just written into {@link #directTarget} (after the last one settled or
     * appended) and writes it into the column's null map or offsets; for a NULL, leaves the leaf's default.
     */
    public void settle() {
    }

    /**
     * Keeps the first {@code rows} values and forgets the rest, including a value written only in part: how a row that
     * failed half-way is rolled back. Walks the variable-width values (String) from the start, which is fine for
     * the rare failed row and saves every row a mark per column.
     */
    abstract void truncateRows(int rows);

    /** Appends the type's default value: what stands in the values for a NULL of a Nullable. */
    abstract void appendDefault();

    /** Writes the column's data, every stream whole, in the order the server reads them. */
    public abstract void writeTo(RowBuffer out);

    /** Bytes written so far, over every stream. */
    public abstract long size();

    /** Bytes the stream buffers hold (their capacity). */
    public abstract long capacity();

    /** Forgets the values, keeping the buffers unless one grew past {@code threshold} or was mostly unused. */
    public abstract void clear(int threshold, int initialCapacity);

    /** The unsigned LEB128 at {@code position}: RowBinary's String lengths and Array sizes. */
    static long varUInt(byte[] source, int position) {
        long value = 0;
        int shift = 0;
        int at = position;
        byte b;
        do {
            b = source[at++];
            value |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    /** The position after the unsigned LEB128 at {@code position}. */
    static int afterVarUInt(byte[] source, int position) {
        int at = position;
        while (source[at++] < 0) {
            // a continuation byte
        }
        return at;
    }

    /** The position after the RowBinary String (its length, then its bytes) at {@code position}. */
    static int afterString(byte[] source, int position) {
        return afterVarUInt(source, position) + (int) varUInt(source, position);
    }

    /** A leaf buffer's initial capacity: small, so that a table's many columns start cheap; it grows by half. */
    static final int INITIAL = 1024;

    /** A column of one stream: fixed-width values, or length-prefixed strings, back to back. */
    private abstract static class Leaf extends NativeColumn {
        final RowBuffer data = new RowBuffer(INITIAL);

        @Override
        public RowBuffer directTarget() {
            return data;
        }

        @Override
        public void writeTo(RowBuffer out) {
            out.writeBytes(data.array(), 0, data.size());
        }

        @Override
        public long size() {
            return data.size();
        }

        @Override
        public long capacity() {
            return data.capacity();
        }

        @Override
        public void clear(int threshold, int initialCapacity) {
            data.clearAndShrink(threshold, Math.min(INITIAL, initialCapacity));
        }

        /** The position after the first {@code rows} values. */
        abstract int endOf(int rows);

        @Override
        void truncateRows(int rows) {
            data.truncate(endOf(rows));
        }
    }

    private static final class Fixed extends Leaf {
        private final int width;

        Fixed(int width) {
            this.width = width;
        }

        @Override
        public int append(byte[] source, int position) {
            // the common widths as one load and one store; the rest (1, 2, 16, 32, FixedString) as a copy
            switch (width) {
                case Long.BYTES -> data.writeLongLE(RowBuffer.readLongLE(source, position));
                case Integer.BYTES -> data.writeIntLE(RowBuffer.readIntLE(source, position));
                default -> data.writeBytes(source, position, width);
            }
            return position + width;
        }

        @Override
        void appendDefault() {
            data.writeZeros(width);
        }

        @Override
        int endOf(int rows) {
            return rows * width;
        }
    }

    private static final class Strings extends Leaf {
        @Override
        public int append(byte[] source, int position) {
            int end = afterString(source, position);
            data.writeBytes(source, position, end - position);
            return end;
        }

        @Override
        void appendDefault() {
            data.writeByte(0);
        }

        @Override
        int endOf(int rows) {
            byte[] b = data.array();
            int at = 0;
            for (int row = 0; row < rows; row++) {
                at = afterString(b, at);
            }
            return at;
        }
    }

    /**
     * A Nullable or an Array: each value's RowBinary prefix (the flag, the length) goes into a stream of the column's
     * own, the rest into {@code inner}. When {@code inner} is a leaf, a codec writes a whole value, prefix included,
     * straight into the leaf's buffer, and {@link #settle} then moves the prefix out.
     */
    private abstract static class Prefixed extends NativeColumn {
        final NativeColumn inner;
        /** {@code inner} when it is a leaf; else null. */
        final Leaf leaf;
        /** Where the leaf's next value starts: its size after the last value settled, appended or rolled back. */
        int settledEnd;

        Prefixed(NativeColumn inner) {
            this.inner = inner;
            this.leaf = inner instanceof Leaf l ? l : null;
        }

        @Override
        public RowBuffer directTarget() {
            return leaf == null ? null : leaf.data;
        }

        @Override
        public boolean settles() {
            return leaf != null;
        }

        /** Remembers where the leaf's next value starts, after a value was appended or the column cut back. */
        final void settled() {
            if (leaf != null) {
                settledEnd = leaf.data.size();
            }
        }
    }

    private static final class Nullable extends Prefixed {
        private final RowBuffer nullMap = new RowBuffer(INITIAL);

        Nullable(NativeColumn inner) {
            super(inner);
        }

        @Override
        public void settle() {
            RowBuffer data = leaf.data;
            int start = settledEnd;
            byte isNull = data.array()[start];
            nullMap.writeByte(isNull);
            if (isNull != 0) {
                data.truncate(start);
                leaf.appendDefault();
            } else {
                data.remove(start, 1);
            }
            settledEnd = data.size();
        }

        @Override
        public int append(byte[] source, int position) {
            byte isNull = source[position];
            nullMap.writeByte(isNull);
            int end;
            if (isNull != 0) {
                inner.appendDefault();
                end = position + 1;
            } else {
                end = inner.append(source, position + 1);
            }
            settled();
            return end;
        }

        @Override
        void appendDefault() {
            nullMap.writeByte(1);
            inner.appendDefault();
            settled();
        }

        @Override
        void truncateRows(int rows) {
            nullMap.truncate(rows);
            inner.truncateRows(rows);
            settled();
        }

        @Override
        public void writeTo(RowBuffer out) {
            out.writeBytes(nullMap.array(), 0, nullMap.size());
            inner.writeTo(out);
        }

        @Override
        public long size() {
            return nullMap.size() + inner.size();
        }

        @Override
        public long capacity() {
            return nullMap.capacity() + inner.capacity();
        }

        @Override
        public void clear(int threshold, int initialCapacity) {
            nullMap.clearAndShrink(threshold, Math.min(INITIAL, initialCapacity));
            inner.clear(threshold, initialCapacity);
            settledEnd = 0;
        }
    }

    private static final class Array extends Prefixed {
        private final RowBuffer offsets = new RowBuffer(INITIAL);
        /** The elements' column. */
        private final NativeColumn element;
        private long end;

        Array(NativeColumn element) {
            super(element);
            this.element = element;
        }

        @Override
        public void settle() {
            RowBuffer data = leaf.data;
            byte[] source = data.array();
            int start = settledEnd;
            end += varUInt(source, start);
            offsets.writeLongLE(end);
            data.remove(start, afterVarUInt(source, start) - start);
            settledEnd = data.size();
        }

        @Override
        public int append(byte[] source, int position) {
            long count = varUInt(source, position);
            int at = afterVarUInt(source, position);
            end += count;
            offsets.writeLongLE(end);
            for (long i = 0; i < count; i++) {
                at = element.append(source, at);
            }
            settled();
            return at;
        }

        @Override
        void appendDefault() {
            offsets.writeLongLE(end);
        }

        @Override
        void truncateRows(int rows) {
            offsets.truncate(rows * Long.BYTES);
            end = rows == 0 ? 0 : offsetAt(rows - 1);
            element.truncateRows(Math.toIntExact(end));
            settled();
        }

        /** The cumulative end offset of array {@code row} (UInt64, little-endian). */
        private long offsetAt(int row) {
            return RowBuffer.readLongLE(offsets.array(), row * Long.BYTES);
        }

        @Override
        public void writeTo(RowBuffer out) {
            out.writeBytes(offsets.array(), 0, offsets.size());
            element.writeTo(out);
        }

        @Override
        public long size() {
            return offsets.size() + element.size();
        }

        @Override
        public long capacity() {
            return offsets.capacity() + element.capacity();
        }

        @Override
        public void clear(int threshold, int initialCapacity) {
            offsets.clearAndShrink(threshold, Math.min(INITIAL, initialCapacity));
            end = 0;
            settledEnd = 0;
            element.clear(threshold, initialCapacity);
        }
    }

    private static final class Tuple extends NativeColumn {
        private final NativeColumn[] elements;

        Tuple(NativeColumn[] elements) {
            this.elements = elements;
        }

        @Override
        public int append(byte[] source, int position) {
            int at = position;
            for (NativeColumn element : elements) {
                at = element.append(source, at);
            }
            return at;
        }

        @Override
        void appendDefault() {
            for (NativeColumn element : elements) {
                element.appendDefault();
            }
        }

        @Override
        void truncateRows(int rows) {
            for (NativeColumn element : elements) {
                element.truncateRows(rows);
            }
        }

        @Override
        public void writeTo(RowBuffer out) {
            for (NativeColumn element : elements) {
                element.writeTo(out);
            }
        }

        @Override
        public long size() {
            long size = 0;
            for (NativeColumn element : elements) {
                size += element.size();
            }
            return size;
        }

        @Override
        public long capacity() {
            long capacity = 0;
            for (NativeColumn element : elements) {
                capacity += element.capacity();
            }
            return capacity;
        }

        @Override
        public void clear(int threshold, int initialCapacity) {
            for (NativeColumn element : elements) {
                element.clear(threshold, initialCapacity);
            }
        }
    }
}
