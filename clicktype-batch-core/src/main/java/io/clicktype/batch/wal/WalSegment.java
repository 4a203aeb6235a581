package io.clicktype.batch.wal;

import io.clicktype.batch.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One segment file of a write-ahead log: a 16-byte header ({@code CTWAL001}, then the log position of its first
 * record as int64 little-endian), then records ({@link WalRecords}) appended one after the other. Log positions
 * are continuous across segments: a segment starts where the previous one ended. {@link #capacity} is how many
 * record bytes the log lets it grow to.
 *
 * <p>Records reach the page cache before {@code append} returns, so a killed process loses nothing written, in
 * one of two ways: with a {@code write} system call ({@link RandomAccessFile}: unlike a {@code FileChannel}, an
 * interrupted producer thread cannot close it), or, once {@link #mapForAppends() mapped}, as a memory copy into
 * the file's pages (no system call; the file is filled with zeros first, so the copy never meets a full disk, and
 * the record's length is written last, so a copy cut short leaves no record). The first suits fsync
 * {@code always} (an fsync of a mapped file measured 5× slower), the second fsync {@code interval}. Only the
 * log's sync thread forces a segment. Appends are made under the log's lock; readers open their own file handle
 * ({@link RecordInput}).
 */
final class WalSegment {

    static final int FILE_HEADER = 16;
    static final String SUFFIX = ".wal";
    private static final byte[] MAGIC = "CTWAL001".getBytes(StandardCharsets.US_ASCII);

    final long base;
    final Path file;
    final int capacity;
    private final RandomAccessFile out;
    private MappedByteBuffer map;
    private long filePointer = -1;
    /** Bytes of records written; changed only under the log's lock, read by the worker. */
    volatile int used;
    /** The segment written after this one, set before any position in it is published. */
    volatile WalSegment next;

    private WalSegment(long base, Path file, RandomAccessFile out, int capacity, int used) {
        this.base = base;
        this.file = file;
        this.out = out;
        this.capacity = capacity;
        this.used = used;
    }

    /** The file name of the segment starting at {@code base}: sorting names sorts segments. */
    static String name(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    /**
     * Creates a segment file with its header; from {@code spare} (a zero-filled file of the right size, renamed)
     * when one is given.
     */
    static WalSegment create(Path directory, long base, int capacity, Path spare) throws IOException {
        Path file = directory.resolve(name(base));
        if (spare != null) {
            Files.move(spare, file, StandardCopyOption.ATOMIC_MOVE);
        } else {
            OwnerOnlyFiles.createNew(file);
        }
        RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw");
        try {
            byte[] header = Arrays.copyOf(MAGIC, FILE_HEADER);
            WalRecords.putLong(header, MAGIC.length, base);
            out.write(header);
            return new WalSegment(base, file, out, capacity, 0);
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Opens an existing segment for reading its records and, if it is the last, appending more.
     *
     * @throws CorruptSegmentException when its header is not a segment header for {@code base}
     */
    static WalSegment open(Path file, long base, int minCapacity) throws IOException {
        RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw");
        try {
            long size = out.length();
            if (size < FILE_HEADER || size - FILE_HEADER > Integer.MAX_VALUE) {
                throw new CorruptSegmentException(file + ": " + size + " bytes is not a segment size");
            }
            byte[] header = new byte[FILE_HEADER];
            out.readFully(header);
            if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)
                    || WalRecords.getLong(header, MAGIC.length) != base) {
                throw new CorruptSegmentException(file + ": no segment header for position " + base);
            }
            int records = (int) (size - FILE_HEADER);
            return new WalSegment(base, file, out, Math.max(minCapacity, records), records);
        } catch (IOException | RuntimeException e) {
            out.close();
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

    /** Writes a zero-filled file of {@code capacity} record bytes (plus the header) at {@code file}. */
    static void zeroFilled(Path file, int capacity) throws IOException {
        OwnerOnlyFiles.replace(file);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            writeZeros(out, 0, FILE_HEADER + (long) capacity);
        }
    }

    /**
     * From now on appends copy into the file's pages: fills the file with zeros up to its capacity first (so no
     * page of the mapping lacks disk space), then maps it.
     */
    void mapForAppends() throws IOException {
        long size = FILE_HEADER + (long) capacity;
        if (out.length() < size) {
            writeZeros(out, out.length(), size);
        }
        map = out.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
        map.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends a sealed record of {@code length} bytes. Caller holds the log's lock. */
    void append(byte[] record, int length) throws IOException {
        long at = FILE_HEADER + (long) used;
        if (map != null) {
            map.put((int) at + 4, record, 4, length - 4);
            map.putInt((int) at, WalRecords.getInt(record, 0));
        } else {
            if (filePointer != at) {
                out.seek(at);
            }
            filePointer = -1;
            out.write(record, 0, length);
            filePointer = at + length;
        }
        used += length;
    }

    /** Zeroes what follows the first {@code records} bytes of records (a torn tail, at start). */
    void cutAfter(int records) throws IOException {
        writeZeros(out, FILE_HEADER + (long) records, out.length());
        used = records;
        filePointer = -1;
    }

    private static void writeZeros(RandomAccessFile out, long from, long to) throws IOException {
        byte[] zeros = new byte[(int) Math.min(1 << 20, Math.max(1, to - from))];
        out.seek(from);
        for (long at = from; at < to; at += zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, to - at));
        }
    }

    /** A handle of its own for reading records. */
    RecordInput input() throws IOException {
        return new RecordInput(this);
    }

    /** Forces written records to disk ({@code fdatasync}). Called by the log's sync thread only. */
    void force() throws IOException {
        out.getChannel().force(false);
    }

    /** Closes the file. */
    void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing is buffered in the process: every record was written by a system call
        }
    }
}
