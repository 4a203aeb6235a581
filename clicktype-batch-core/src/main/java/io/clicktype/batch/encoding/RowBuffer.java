package io.clicktype.batch.encoding;

import java.util.Arrays;

/**
 * A growable little-endian byte buffer that RowBinary is written into, reused across batches.
 *
 * <p>Not thread-safe: one buffer belongs to one worker at a time. The backing array is exposed
 * ({@link #array()}) so that the transport can stream it without a copy.
 */
public final class RowBuffer {

    private byte[] bytes;
    private int size;

    /** Creates a buffer with the given initial capacity in bytes. */
    public RowBuffer(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
        }
        this.bytes = new byte[initialCapacity];
    }

    /** Number of bytes written. */
    public int size() {
        return size;
    }

    /** Capacity of the backing array. */
    public int capacity() {
        return bytes.length;
    }

    /** The backing array; valid bytes are {@code [0, size())}. */
    public byte[] array() {
        return bytes;
    }

    /** Forgets everything written, keeping the capacity. */
    public void clear() {
        size = 0;
    }

    /** Rolls back to an earlier {@link #size()}, e.g. to drop a half-written row. */
    public void truncate(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("mark " + mark + " outside [0, " + size + "]");
        }
        size = mark;
    }

    /**
     * Clears, and replaces the backing array with one of {@code initialCapacity} if it grew past {@code threshold},
     * or if what was written used less than a quarter of it (the load dropped: an idle batcher returns to a small
     * footprint, while one under steady load, which fills its buffer each time, keeps it).
     */
    public void clearAndShrink(int threshold, int initialCapacity) {
        boolean mostlyUnused = size < bytes.length / 4;
        size = 0;
        if (bytes.length > initialCapacity && (bytes.length > threshold || mostlyUnused)) {
            bytes = new byte[initialCapacity];
        }
    }

    /** Makes room for {@code extra} more bytes. */
    public void ensureCapacity(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new IllegalStateException("RowBuffer cannot grow past 2 GiB");
        }
        if (needed > bytes.length) {
            int grown = Math.max(needed, bytes.length + (bytes.length >> 1) + 16);
            bytes = Arrays.copyOf(bytes, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }

    /** Writes one byte. */
    public void writeByte(int value) {
        ensureCapacity(1);
        bytes[size++] = (byte) value;
    }

    /** Writes two bytes, little-endian. */
    public void writeShortLE(int value) {
        ensureCapacity(2);
        bytes[size] = (byte) value;
        bytes[size + 1] = (byte) (value >>> 8);
        size += 2;
    }

    /** Writes four bytes, little-endian. */
    public void writeIntLE(int value) {
        ensureCapacity(4);
        byte[] b = bytes;
        int i = size;
        b[i] = (byte) value;
        b[i + 1] = (byte) (value >>> 8);
        b[i + 2] = (byte) (value >>> 16);
        b[i + 3] = (byte) (value >>> 24);
        size = i + 4;
    }

    /** Writes eight bytes, little-endian. */
    public void writeLongLE(long value) {
        ensureCapacity(8);
        byte[] b = bytes;
        int i = size;
        b[i] = (byte) value;
        b[i + 1] = (byte) (value >>> 8);
        b[i + 2] = (byte) (value >>> 16);
        b[i + 3] = (byte) (value >>> 24);
        b[i + 4] = (byte) (value >>> 32);
        b[i + 5] = (byte) (value >>> 40);
        b[i + 6] = (byte) (value >>> 48);
        b[i + 7] = (byte) (value >>> 56);
        size = i + 8;
    }

    /** Writes an IEEE 754 float, little-endian. */
    public void writeFloatLE(float value) {
        writeIntLE(Float.floatToRawIntBits(value));
    }

    /** Writes an IEEE 754 double, little-endian. */
    public void writeDoubleLE(double value) {
        writeLongLE(Double.doubleToRawLongBits(value));
    }

    /** Writes an unsigned LEB128 varint, as RowBinary uses for lengths. */
    public void writeVarUInt(long value) {
        ensureCapacity(10);
        byte[] b = bytes;
        int i = size;
        while ((value & ~0x7FL) != 0) {
            b[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[i++] = (byte) value;
        size = i;
    }

    /** Writes {@code length} bytes of {@code source} from {@code offset}. */
    public void writeBytes(byte[] source, int offset, int length) {
        ensureCapacity(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /**
     * Reserves {@code length} bytes for the caller to fill in {@link #array()} and returns their
     * offset; used to encode strings in place without a temporary array.
     */
    public int reserve(int length) {
        ensureCapacity(length);
        int offset = size;
        size += length;
        return offset;
    }

    /**
     * Removes the {@code length} bytes at {@code offset}, moving the bytes after them back: a Native column drops the
     * prefix (Nullable flag, Array length) of a value written in place in RowBinary.
     */
    public void remove(int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + length) + ") outside [0, " + size
                    + "]");
        }
        System.arraycopy(bytes, offset + length, bytes, offset, size - offset - length);
        size -= length;
    }

    /** Writes {@code count} zero bytes, e.g. FixedString padding. */
    public void writeZeros(int count) {
        ensureCapacity(count);
        Arrays.fill(bytes, size, size + count, (byte) 0);
        size += count;
    }
}
