package io.clicktype.batch.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer that RowBinary is written into, reused across batches.
 *
 * <p>Not thread-safe: one buffer belongs to one worker at a time. The backing array is exposed
 * ({@link #array()}) so that the transport can stream it without a copy.
 */
public final class RowBuffer {

    /*
     * Views of the byte array as little-endian shorts, ints and longs: one (unaligned) store per value where eight
     * separate byte stores were written before (Java 17's C2 does not merge them; the JIT inlines a static final
     * VarHandle into a plain move, no reflection at run time). RowBinary and Native both write fixed widths
     * little-endian.
     */
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

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
        SHORT_LE.set(bytes, size, (short) value);
        size += 2;
    }

    /** Writes four bytes, little-endian. */
    public void writeIntLE(int value) {
        ensureCapacity(4);
        INT_LE.set(bytes, size, value);
        size += 4;
    }

    /** Writes eight bytes, little-endian. */
    public void writeLongLE(long value) {
        ensureCapacity(8);
        LONG_LE.set(bytes, size, value);
        size += 8;
    }

    /** The little-endian int at {@code at} of {@code b} (one load; the reverse of {@link #writeIntLE}). */
    public static int readIntLE(byte[] b, int at) {
        return (int) INT_LE.get(b, at);
    }

    /** The little-endian long at {@code at} of {@code b} (one load; the reverse of {@link #writeLongLE}). */
    public static long readLongLE(byte[] b, int at) {
        return (long) LONG_LE.get(b, at);
    }

    /** Writes {@code value} little-endian at {@code at} of {@code b}, which must have room (one store). */
    public static void putIntLE(byte[] b, int at, int value) {
        INT_LE.set(b, at, value);
    }

    /** Writes {@code value} little-endian at {@code at} of {@code b}, which must have room (one store). */
    public static void putLongLE(byte[] b, int at, long value) {
        LONG_LE.set(b, at, value);
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
