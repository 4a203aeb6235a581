package io.clicktype.batch.wal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The chain of a log's segments and the disk they take: the active segment appends go to, rolling to the next
 * (from the spare when one is ready), the sealed segments the sync thread has yet to force, which segments an
 * acknowledgement frees, and the bound ({@code maxSize}) on the bytes they are allocated. Not thread-safe: every
 * method is called with the log's lock held; {@link #active()} may be read without it.
 *
 * <p>A mapped log rolls, by preference, into an acknowledged segment reused ({@link #startRecycle}: up to
 * {@value #MAX_REUSABLE} are kept, because a segment is acknowledged about when the one after it is half written,
 * and the next roll comes before the one after that); a spare file of zeros is written only once the active segment
 * is {@value #ZERO_FILL_AT_PERCENT} % full with none to reuse (at start, or when the sender falls behind). Kept
 * segments count against {@code maxSize} like the spare.
 */
final class WalSegments {

    private final WalDirectory directory;
    private final int segmentSize;
    private final long maxSize;
    private final boolean mapped;
    /** How full the active segment must be before a spare is zero-filled rather than waited for from an ack. */
    static final int ZERO_FILL_AT_PERCENT = 50;
    /** Acknowledged segments kept for reuse at most. */
    static final int MAX_REUSABLE = 2;

    private final ArrayDeque<WalSegment> all = new ArrayDeque<>();
    /** Sealed segments not forced since they were written to (forced by the sync thread's next pass). */
    private final List<WalSegment> toForce = new ArrayList<>();
    private volatile WalSegment active;
    private long allocated;
    /** Whether the directory's spare segment is ready; its bytes are counted in {@code allocated}. */
    private boolean spareReady;
    private boolean sparePreparing;
    /** Acknowledged segments renamed for reuse, oldest first, and how many are being renamed. */
    private final ArrayDeque<Path> reusable = new ArrayDeque<>();
    private int recycling;
    private long reuseNames;
    /** Spares made by reusing a segment, and by writing zeros; read by tests and benchmarks. */
    private long recycledSpares;
    private long zeroFilledSpares;

    /**
     * Takes over the segments found at start (creating the first when there are none), the last one active.
     *
     * @param mapped whether appends copy into mapped segments (fsync interval) rather than call write (always)
     */
    WalSegments(WalDirectory directory, List<WalSegment> recovered, int segmentSize, long maxSize, boolean mapped)
            throws IOException {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.maxSize = maxSize;
        this.mapped = mapped;
        all.addAll(recovered);
        if (all.isEmpty()) {
            all.add(WalSegment.create(directory.path(), 0, segmentSize, null));
            directory.sync();
        }
        for (WalSegment segment : all) {
            allocated += WalSegment.FILE_HEADER + (long) segment.capacity;
        }
        active = all.peekLast();
        if (mapped) {
            active.mapForAppends();
        } else if (active.recycled) {
            // write calls append no zero length after each record: the old records after the last go now
            active.cutAfter(active.used);
        }
        // what an earlier, killed process wrote may still be in the page cache only
        toForce.addAll(all);
        toForce.remove(active);
    }

    /** The segment appends go to. */
    WalSegment active() {
        return active;
    }

    /** Whether a new segment of {@code capacity} record bytes fits the bound. */
    boolean roomFor(int capacity) {
        return ((spareReady || !reusable.isEmpty()) && capacity == segmentSize)
                || allocated + WalSegment.FILE_HEADER + capacity <= maxSize;
    }

    /**
     * Gives up the segments kept for reuse, releasing their bytes, when a new segment of {@code capacity} record
     * bytes needs that room: kept segments are only an optimisation and must never make an append wait (a record
     * larger than a segment cannot use them, and with every record acknowledged no later acknowledgement would
     * free the room).
     *
     * @return the files to delete (outside the lock), empty when none was given up or that would not make room
     */
    List<Path> releaseReusableFor(int capacity) {
        if (reusable.isEmpty() || roomFor(capacity)
                || allocated - reusable.size() * (WalSegment.FILE_HEADER + (long) segmentSize) + WalSegment.FILE_HEADER
                        + capacity > maxSize) {
            return List.of();
        }
        List<Path> released = new ArrayList<>(reusable);
        allocated -= reusable.size() * (WalSegment.FILE_HEADER + (long) segmentSize);
        reusable.clear();
        return released;
    }

    /** Seals the active segment (the sync thread forces it next) and starts the next, ignoring the bound. */
    void roll(int capacity) throws IOException {
        WalSegment old = active;
        boolean reuse = !reusable.isEmpty() && capacity == segmentSize;
        boolean fromSpare = !reuse && spareReady && capacity == segmentSize;
        Path from = reuse ? reusable.pollFirst() : fromSpare ? directory.spare() : null;
        spareReady &= !fromSpare;
        WalSegment created;
        try {
            created = WalSegment.create(directory.path(), old.end(), capacity, from, reuse);
        } catch (IOException | RuntimeException e) {
            if (from != null) {
                // create deleted the file it could not use: its bytes are free
                allocated -= WalSegment.FILE_HEADER + (long) segmentSize;
            }
            throw e;
        }
        if (mapped) {
            created.mapForAppends();
        }
        all.addLast(created);
        if (!fromSpare && !reuse) {
            allocated += WalSegment.FILE_HEADER + (long) capacity;
        }
        // before the sync thread forces it: a page still mapped costs a TLB shoot-down to write back (MappedWindow)
        old.unmapWindow();
        toForce.add(old);
        old.next = created;
        active = created;
        directory.sync();
    }

    /** The segment to start reading at {@code position} from. */
    WalSegment containing(long position) {
        WalSegment from = all.peekFirst();
        for (WalSegment segment : all) {
            if (segment.base <= position) {
                from = segment;
            }
        }
        return from;
    }

    /** The sealed segments whose every record lies before {@code end}. */
    List<WalSegment> before(long end) {
        List<WalSegment> done = new ArrayList<>();
        for (WalSegment segment : all) {
            if (segment == active || segment.end() > end) {
                break;
            }
            done.add(segment);
        }
        return done;
    }

    /** Forgets {@code segments} (about to be deleted), freeing their bytes. */
    void remove(List<WalSegment> segments) {
        for (WalSegment segment : segments) {
            all.remove(segment);
            toForce.remove(segment);
            allocated -= WalSegment.FILE_HEADER + (long) segment.capacity;
        }
    }

    /**
     * Whether a spare should be prepared now (a mapped log without one, room in the bound); if so its bytes are
     * reserved and {@link #spareDone} must follow.
     */
    boolean startSpare() {
        if (!mapped || spareReady || sparePreparing || !reusable.isEmpty() || recycling > 0
                || allocated + WalSegment.FILE_HEADER + segmentSize > maxSize
                || (long) active.used * 100 < (long) active.capacity * ZERO_FILL_AT_PERCENT) {
            return false;
        }
        zeroFilledSpares++;
        sparePreparing = true;
        allocated += WalSegment.FILE_HEADER + (long) segmentSize;
        return true;
    }

    /**
     * Where {@code segment}, acknowledged and just {@link #remove removed}, should be renamed to be reused (a mapped
     * log keeping fewer than {@value #MAX_REUSABLE}, a segment of the full size), or {@code null} to delete it. Its
     * bytes stay allocated; {@link #recycleDone} must follow.
     */
    Path startRecycle(WalSegment segment) throws IOException {
        if (!mapped || reusable.size() + recycling >= MAX_REUSABLE || !segment.reusable(segmentSize)) {
            return null;
        }
        recycling++;
        recycledSpares++;
        allocated += WalSegment.FILE_HEADER + (long) segmentSize;
        return directory.reusable(reuseNames++);
    }

    /** The segment begun by {@link #startRecycle} is now {@code file}, or could not be renamed (its bytes are freed). */
    void recycleDone(Path file, boolean renamed) {
        recycling--;
        if (renamed) {
            reusable.addLast(file);
        } else {
            allocated -= WalSegment.FILE_HEADER + (long) segmentSize;
        }
    }

    /** Spares made by reusing an acknowledged segment. */
    long recycledSpares() {
        return recycledSpares;
    }

    /** Spares made by writing a file of zeros. */
    long zeroFilledSpares() {
        return zeroFilledSpares;
    }

    /** The spare of zeros is ready, or could not be made (its bytes are released). */
    void spareDone(boolean ready) {
        sparePreparing = false;
        spareReady = ready;
        if (!ready) {
            allocated -= WalSegment.FILE_HEADER + (long) segmentSize;
        }
    }

    /** The sealed segments not forced yet; the caller forces them, or hands back those it could not. */
    List<WalSegment> takeUnforced() {
        List<WalSegment> older = new ArrayList<>(toForce);
        toForce.clear();
        return older;
    }

    /** Segments whose force failed: forced again next pass. */
    void unforced(List<WalSegment> segments) {
        toForce.addAll(segments);
    }

    /** Bytes the segments are allocated (the spare included). */
    long bytes() {
        return allocated;
    }

    /** Segment files. */
    int count() {
        return all.size();
    }

    /** Closes every segment's file. */
    void closeAll() {
        for (WalSegment segment : all) {
            segment.close();
        }
    }
}
