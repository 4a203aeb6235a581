package io.clicktype.batch.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One segment file of a write-ahead log: a 16-byte header ({@code CTWAL001}, then the log position of its first
 * record as int64 little-endian) and a fixed area of records ({@link WalRecords}), memory-mapped. The file is
 * filled with zeros when it is created, so writing through the mapping never meets a full disk, and a write is a
 * memory copy into the page cache: a killed process loses nothing that was written.
 *
 * <p>Log positions are continuous across segments: a segment starts where the previous one ended. Appends are
 * made under the log's lock; reads of positions below the log's published end need no lock.
 */
final class WalSegment {

    static final int FILE_HEADER = 16;
    static final String SUFFIX = ".wal";
    private static final byte[] MAGIC = "CTWAL001".getBytes(StandardCharsets.US_ASCII);

    final long base;
    final Path file;
    final int capacity;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    /** Bytes of records written; changed only under the log's lock. */
    int used;
    /** The segment written after this one, set before any position in it is published. */
    volatile WalSegment next;

    private WalSegment(long base, Path file, FileChannel channel, int capacity) throws IOException {
        this.base = base;
        this.file = file;
        this.channel = channel;
        this.capacity = capacity;
        this.map = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_HEADER + (long) capacity);
        this.map.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The file name of the segment starting at {@code base}: sorting names sorts segments. */
    static String name(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    /** Creates, zero-fills, fsyncs and maps a new segment of {@code capacity} record bytes. */
    static WalSegment create(Path directory, long base, int capacity) throws IOException {
        Path file = directory.resolve(name(base));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putLong(base).flip();
            while (header.hasRemaining()) {
                channel.write(header);
            }
            ByteBuffer zeros = ByteBuffer.allocate(Math.min(capacity, 1 << 20));
            long remaining = capacity;
            while (remaining > 0) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), remaining));
                remaining -= channel.write(zeros);
            }
            channel.force(true);
            return new WalSegment(base, file, channel, capacity);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Maps an existing segment.
     *
     * @throws CorruptSegmentException when its header is not a segment header for {@code base}
     */
    static WalSegment open(Path file, long base) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size < FILE_HEADER || size - FILE_HEADER > Integer.MAX_VALUE) {
                throw new CorruptSegmentException(file + ": " + size + " bytes is not a segment size");
            }
            WalSegment segment = new WalSegment(base, file, channel, (int) (size - FILE_HEADER));
            byte[] magic = new byte[MAGIC.length];
            segment.map.get(0, magic, 0, magic.length);
            if (!Arrays.equals(magic, MAGIC) || segment.map.getLong(MAGIC.length) != base) {
                throw new CorruptSegmentException(file + ": no segment header for position " + base);
            }
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Record bytes still free. */
    int remaining() {
        return capacity - used;
    }

    /** The log position after the last record. */
    long end() {
        return base + used;
    }

    /** Appends a sealed record of {@code length} bytes: body first, length last. Caller holds the log's lock. */
    void append(byte[] record, int length) {
        int at = FILE_HEADER + used;
        map.put(at + 4, record, 4, length - 4);
        map.putInt(at, WalRecords.getInt(record, 0));
        used += length;
    }

    /** Copies {@code length} bytes at log position {@code position} into {@code target}. */
    void read(long position, byte[] target, int offset, int length) {
        map.get(offset(position), target, offset, length);
    }

    /** The int32 at log position {@code position}. */
    int intAt(long position) {
        return map.getInt(offset(position));
    }

    /** The byte at offset {@code offset} of the record area. */
    byte byteAt(int offset) {
        return map.get(FILE_HEADER + offset);
    }

    /** Zeroes the record area from {@code offset} to its end. */
    void zeroFrom(int offset) {
        byte[] zeros = new byte[64 * 1024];
        for (int at = offset; at < capacity; at += zeros.length) {
            map.put(FILE_HEADER + at, zeros, 0, Math.min(zeros.length, capacity - at));
        }
    }

    /** Forces written records to disk ({@code fsync}; on Linux this covers pages written through the mapping). */
    void force() throws IOException {
        channel.force(false);
    }

    /** Closes the file; the mapping is released by the garbage collector. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was pending: records reach the file through the mapping, and force() ran before
        }
    }

    private int offset(long position) {
        return FILE_HEADER + (int) (position - base);
    }
}
