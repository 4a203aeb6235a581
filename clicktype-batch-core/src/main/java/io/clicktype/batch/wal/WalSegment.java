package io.clicktype.batch.wal;

import io.clicktype.batch.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One segment file of a write-ahead log: a 16-byte header ({@code CTWAL001} or {@code CTWAL002}, then the log
 * position of its first record as int64 little-endian), then records ({@link WalRecords}) appended one after the
 * other. Log positions are continuous across segments: a segment starts where the previous one ended.
 * {@link #capacity} is how many record bytes the log lets it grow to.
 *
 * <p>Records reach the page cache before {@code append} returns, so a killed process loses nothing written, in
 * one of two ways: with a {@code write} system call ({@link RandomAccessFile}: unlike a {@code FileChannel}, an
 * interrupted producer thread cannot close it), or, once {@link #mapForAppends() mapped}, as a memory copy into
 * the file's pages, through a {@link MappedWindow} of {@link #WINDOW} bytes that moves along the file (no system
 * call but one map per window; the file has all its blocks first, so the copy never meets a full disk, and
 * the record's length is written last, so a copy cut short leaves no record). The first suits fsync
 * {@code always} (an fsync of a mapped file measured 5× slower), the second fsync {@code interval}. Only the
 * log's sync thread forces a segment. Appends are made under the log's lock; readers open their own file handle
 * ({@link RecordInput}).
 *
 * <p>A mapped segment's blocks come either from a file filled with zeros ({@code CTWAL001}: the records end at the
 * first zero length, and any other byte after it is an unfinished write) or from an acknowledged segment reused
 * ({@code CTWAL002}, {@link #recycled}): its old records are still there after the new ones, and must never be
 * read as new. So in a reused segment each record's stored checksum is XORed with a {@link #seed} derived from the
 * segment's base position, which differs from the base the old records were written at (positions only grow), and
 * each append writes a zero length after its record before its own length: the records end at the first zero
 * length (what follows is old), and an old record met where a new one should be fails its checksum (a torn write,
 * cut off at start). Reusing segments spares the log writing, and the disk storing, every segment twice (zeros,
 * then records).
 */
final class WalSegment {

    private static final VarHandle USED;

    static {
        try {
            USED = MethodHandles.lookup().findVarHandle(WalSegment.class, "used", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int FILE_HEADER = 16;
    static final String SUFFIX = ".wal";
    private static final byte[] MAGIC = "CTWAL001".getBytes(StandardCharsets.US_ASCII);
    /** The header of a reused segment: seeded checksums, a zero length after the last record. */
    private static final byte[] MAGIC_RECYCLED = "CTWAL002".getBytes(StandardCharsets.US_ASCII);
    /** The zero length written after each record of a reused segment. */
    static final int END_MARK = 4;
    /**
     * Bytes mapped at once for appends: a window is unmapped as soon as the appender leaves it, so that forcing
     * the file meets few mapped pages ({@link MappedWindow}). 1 MiB: one map and one unmap per ~10 000 records of
     * 100 bytes, and at most 256 pages still mapped when the log is forced (512 while a record that crossed a
     * window's end is written past: that record's window spans two).
     */
    static final int WINDOW = 1 << 20;

    final long base;
    final Path file;
    final int capacity;
    /** Whether the file is a reused segment ({@code CTWAL002}), with old records after the new ones. */
    final boolean recycled;
    /** XORed into each record's stored checksum: {@link #seed(long)} of the base in a reused segment, else 0. */
    final int seed;
    private final RandomAccessFile out;
    /** Whether appends copy into mapped windows of the file ({@link #mapForAppends()}) rather than call write. */
    private boolean mapped;
    /** The window appends write through, and the file offsets it spans; null between windows. */
    private MappedWindow window;
    private ByteBuffer map;
    private long windowStart;
    private long windowEnd;
    private long filePointer = -1;
    /**
     * Bytes of records written; changed only under the log's lock, read by the worker. Stored with release
     * semantics ({@link #USED}): the worker reads it after the log's published end, which orders it; a full fence
     * per record would wait for the record's stores into the mapped page to drain.
     */
    volatile int used;
    /** The segment written after this one, set before any position in it is published. */
    volatile WalSegment next;

    private WalSegment(long base, Path file, RandomAccessFile out, int capacity, int used, boolean recycled) {
        this.base = base;
        this.recycled = recycled;
        this.seed = recycled ? seed(base) : 0;
        this.file = file;
        this.out = out;
        this.capacity = capacity;
        this.used = used;
    }

    /** The file name of the segment starting at {@code base}: sorting names sorts segments. */
    static String name(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    /** Creates a segment file with its header; from {@code spare} (a zero-filled file, renamed) when one is given. */
    static WalSegment create(Path directory, long base, int capacity, Path spare) throws IOException {
        return create(directory, base, capacity, spare, false);
    }

    /**
     * Creates a segment file with its header; from {@code spare} (a file of the right size, renamed) when one is
     * given, {@code recycled} when the spare is an acknowledged segment reused rather than a zero-filled file.
     */
    static WalSegment create(Path directory, long base, int capacity, Path spare, boolean recycled)
            throws IOException {
        Path file = directory.resolve(name(base));
        if (spare == null) {
            OwnerOnlyFiles.createNew(file);
        }
        RandomAccessFile out = new RandomAccessFile((spare == null ? file : spare).toFile(), "rw");
        try {
            // the header (and, in a reused file, the zero length that ends its records) before the rename: a file
            // with this name never holds another segment's header or records where its own start
            byte[] header = Arrays.copyOf(recycled ? MAGIC_RECYCLED : MAGIC, FILE_HEADER + (recycled ? END_MARK : 0));
            WalRecords.putLong(header, MAGIC.length, base);
            out.write(header);
            if (spare != null) {
                Files.move(spare, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return new WalSegment(base, file, out, capacity, 0, recycled);
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(spare == null ? file : spare);
            throw e;
        }
    }

    /** What a reused segment starting at {@code base} XORs into its checksums: never 0, different for each base. */
    static int seed(long base) {
        // the finaliser of MurmurHash3's 64-bit hash: every bit of the base moves about half of the result's bits
        long h = base;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        int seed = (int) h ^ (int) (h >>> 32);
        return seed == 0 ? 1 : seed;
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
            byte[] magic = Arrays.copyOf(header, MAGIC.length);
            boolean recycled = Arrays.equals(magic, MAGIC_RECYCLED);
            if (!(recycled || Arrays.equals(magic, MAGIC)) || WalRecords.getLong(header, MAGIC.length) != base) {
                throw new CorruptSegmentException(file + ": no segment header for position " + base);
            }
            int records = (int) (size - FILE_HEADER);
            return new WalSegment(base, file, out, Math.max(minCapacity, records), records, recycled);
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

    /** Whether this segment can become the log's next one as it is: a mapped segment's full size. */
    boolean reusable(int segmentSize) throws IOException {
        return capacity == segmentSize && out.length() == FILE_HEADER + (long) segmentSize;
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
     * page of a mapping lacks disk space); appends then map the file a {@link #WINDOW} at a time.
     */
    void mapForAppends() throws IOException {
        long size = FILE_HEADER + (long) capacity;
        if (out.length() < size) {
            writeZeros(out, out.length(), size);
        }
        mapped = true;
    }

    /**
     * Appends a sealed record of {@code length} bytes: body first, then (in a reused segment) the zero length
     * after it, then its length. Caller holds the log's lock.
     */
    void append(byte[] record, int length) throws IOException {
        long at = FILE_HEADER + (long) used;
        int crc = WalRecords.getInt(record, 4) ^ seed;
        if (mapped) {
            int endMark = recycled && used + length + END_MARK <= capacity ? END_MARK : 0;
            if (at < windowStart || at + length + endMark > windowEnd) {
                moveWindow(at, length + endMark);
            }
            int in = (int) (at - windowStart);
            map.put(in + WalRecords.HEADER, record, WalRecords.HEADER, length - WalRecords.HEADER);
            map.putInt(in + 4, crc);
            if (endMark != 0) {
                map.putInt(in + length, 0);
            }
            map.putInt(in, WalRecords.getInt(record, 0));
        } else {
            if (filePointer != at) {
                out.seek(at);
            }
            filePointer = -1;
            if (seed != 0) {
                // a reused segment appended to with write calls (reopened with fsync always) had its old records
                // zeroed at open ({@link WalSegments}): only the checksum differs
                WalRecords.putInt(record, 4, crc);
                try {
                    out.write(record, 0, length);
                } finally {
                    WalRecords.putInt(record, 4, crc ^ seed);
                }
            } else {
                out.write(record, 0, length);
            }
            filePointer = at + length;
        }
        USED.setRelease(this, used + length);
    }

    /** Unmaps the window appends wrote through, and maps the one that holds {@code bytes} from {@code at}. */
    private void moveWindow(long at, int bytes) throws IOException {
        unmapWindow();
        // aligned to the window's size: the page cache holds a file in folios of up to that size, aligned in the
        // file, and a write fault maps a whole folio only when it lies inside the mapping (else it faults per page)
        long start = at & -(long) WINDOW;
        long size = Math.min(FILE_HEADER + (long) capacity - start, (at + bytes - start + WINDOW - 1) & -(long) WINDOW);
        MappedWindow next = MappedWindow.map(file, start, size);
        window = next;
        map = next.buffer();
        windowStart = start;
        windowEnd = start + size;
    }

    /**
     * Unmaps the window appends write through, if any: when the segment is sealed or closed. Caller holds the log's
     * lock (appends use the window).
     */
    void unmapWindow() {
        MappedWindow old = window;
        window = null;
        map = null;
        windowStart = 0;
        windowEnd = 0;
        if (old != null) {
            old.unmap();
        }
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

    /** Unmaps the window and closes the file. */
    void close() {
        unmapWindow();
        try {
            out.close();
        } catch (IOException e) {
            // nothing is buffered in the process: every record was written by a system call
        }
    }
}
