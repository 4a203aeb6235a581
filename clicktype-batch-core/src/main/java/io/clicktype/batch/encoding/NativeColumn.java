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
     * The buffer a value's RowBinary bytes can be written into directly, as they are the column's Native bytes (a
     * leaf: fixed-width or String); {@code null} for a column that must be moved through {@link #append}.
     */
    public RowBuffer directTarget() {
        return null;
    }

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
    }

    private static final class Fixed extends Leaf {
        private final int width;

        Fixed(int width) {
            this.width = width;
        }

        @Override
        public int append(byte[] source, int position) {
            data.writeBytes(source, position, width);
            return position + width;
        }

        @Override
        void appendDefault() {
            data.writeZeros(width);
        }
    }

    private static final class Strings extends Leaf {
        @Override
        public int append(byte[] source, int position) {
            long length = 0;
            int shift = 0;
            int at = position;
            byte b;
            do {
                b = source[at++];
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            int end = at + (int) length;
            data.writeBytes(source, position, end - position);
            return end;
        }

        @Override
        void appendDefault() {
            data.writeByte(0);
        }

    }

    private static final class Nullable extends NativeColumn {
        private final RowBuffer nullMap = new RowBuffer(INITIAL);
        private final NativeColumn inner;

        Nullable(NativeColumn inner) {
            this.inner = inner;
        }

        @Override
        public int append(byte[] source, int position) {
            byte isNull = source[position];
            nullMap.writeByte(isNull);
            if (isNull != 0) {
                inner.appendDefault();
                return position + 1;
            }
            return inner.append(source, position + 1);
        }

        @Override
        void appendDefault() {
            nullMap.writeByte(1);
            inner.appendDefault();
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
        }
    }

    private static final class Array extends NativeColumn {
        private final RowBuffer offsets = new RowBuffer(INITIAL);
        private final NativeColumn element;
        private long end;

        Array(NativeColumn element) {
            this.element = element;
        }

        @Override
        public int append(byte[] source, int position) {
            long count = 0;
            int shift = 0;
            int at = position;
            byte b;
            do {
                b = source[at++];
                count |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            end += count;
            offsets.writeLongLE(end);
            for (long i = 0; i < count; i++) {
                at = element.append(source, at);
            }
            return at;
        }

        @Override
        void appendDefault() {
            offsets.writeLongLE(end);
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
