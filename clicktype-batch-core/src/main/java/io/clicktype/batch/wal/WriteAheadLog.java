package io.clicktype.batch.wal;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.UnsafePathException;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.WalStats;
import io.clicktype.batch.files.PrivateDirectory;
import io.clicktype.batch.spill.SetAsideFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log of one table: producers append encoded rows ({@link #append}), the worker reads them back
 * in order ({@link #reader()}), records where each batch ends ({@link #cut}) before it is first sent, and the
 * sender records each acknowledged batch ({@link #acknowledge}); a segment is deleted once every batch in it is
 * acknowledged. At open, whatever was not acknowledged is found again ({@link #start()}, {@link #pendingCuts()}),
 * with the cut points of the batches already sent, so that a replayed batch has the same rows and the same
 * deduplication token ({@link #token}) as its first attempt.
 *
 * <p>Records are written with a {@code write} system call before {@code append} returns (so a killed process
 * loses nothing appended) and forced to disk by one sync thread, on request (fsync {@code always}: concurrent
 * producers share each fsync) or every interval. Bounded by {@link WalConfig#maxSize()}: an append that needs a
 * new segment beyond it waits for acknowledged segments to be deleted. Batch marks never wait (they are what
 * frees space): each segment keeps room for them. Thread-safe.
 */
public final class WriteAheadLog implements AutoCloseable {

    /** {@link #append} result: no room appeared in time. */
    public static final long FULL = -1;
    /** {@link #append} result: the log takes no more rows. */
    public static final long CLOSED = -2;

    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
    private static final VarHandle DATA_END;
    private static final VarHandle APPENDED_ROWS;
    private static final VarHandle WAKE_REQUESTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DATA_END = lookup.findVarHandle(WriteAheadLog.class, "dataEnd", long.class);
            APPENDED_ROWS = lookup.findVarHandle(WriteAheadLog.class, "appendedRows", long.class);
            WAKE_REQUESTED = lookup.findVarHandle(WriteAheadLog.class, "wakeRequested", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Room each segment keeps for batch marks, which must never wait for space. */
    static final int MARK_RESERVE = 64 * 1024;

    private final TableRef table;
    private final WalDirectory directory;
    private final WalConfig config;
    private final int segmentSize;
    private final String logId;
    private final WalSegments segments;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private final byte[] mark = new byte[WalRecords.MARK_SIZE];
    private final WalSync sync;
    private final long start;
    private final long[] pendingCuts;
    private final long[] pendingCutTimes;
    private final long recoveredEnd;
    private final long tornRecords;
    private final long corruptSegments;
    private final SetAsideFiles rejected;
    private volatile long written;
    private volatile long acked;
    /** The log's end after the last DATA record: what {@link #acked} must reach for nothing to be pending. */
    private volatile long dataEnd;
    /**
     * Rows appended since open; with {@link #written}, what the reader's wake-up targets are measured in. Written
     * under the lock, read by the reader without it (opaque).
     */
    private long appendedRows;
    /**
     * The reader's side of the hand-off, none of it under the lock ({@link #awaitData}): the reader parks once it
     * has set this and found no data; an append publishes {@link #written} (a volatile store) and then reads this
     * (a volatile load), so one of the two sees the other.
     */
    private volatile boolean readerWaiting;
    private volatile Thread reader;
    /** While the reader waits: the log end, and the rows appended, at which an append wakes it. */
    private long wakeAtPosition;
    private long wakeAtRows;
    private volatile boolean wakeRequested;
    /** How often an append woke the reader (a thread hand-off each); read by tests. */
    private long readerWakeUps;
    private boolean closed;

    private WriteAheadLog(TableRef table, WalDirectory directory, WalConfig config) throws IOException {
        this.table = table;
        this.directory = directory;
        this.config = config;
        this.segmentSize = (int) Math.min(32L << 20, Math.max(1L << 20, config.maxSize() / 8));
        WalRecovery recovery = WalRecovery.scan(directory.path(), segmentSize);
        this.logId = directory.logId(recovery.segments.isEmpty());
        this.segments = new WalSegments(directory, recovery.segments, segmentSize, config.maxSize(),
                config.fsync() == WalFsync.INTERVAL);
        this.written = segments.active().end();
        this.start = recovery.start();
        this.acked = start;
        this.dataEnd = written; // what the last run left (batch marks included) until this run appends
        this.pendingCuts = recovery.pendingCuts();
        this.pendingCutTimes = recovery.pendingCutTimes();
        this.recoveredEnd = written;
        this.tornRecords = recovery.tornRecords;
        this.corruptSegments = recovery.corruptSegments;
        this.rejected = new SetAsideFiles(directory.rejected());
        this.sync = new WalSync(this::forceAll, () -> written, this::prepareSpare, -1,
                config.fsync() == WalFsync.INTERVAL ? config.fsyncInterval().toNanos() : 0,
                "clicktype-batch-" + table + "-wal-sync");
        sync.awaitDurable(written);
    }

    /**
     * Opens (or creates) the log of {@code table} in {@code directory}, scanning what is there.
     *
     * @throws UncheckedIOException naming the directory and the fix when it cannot be created or read
     */
    public static WriteAheadLog open(TableRef table, Path directory, WalConfig config) {
        WriteAheadLog log;
        WalDirectory locked = null;
        try {
            locked = WalDirectory.lock(directory, config.directory());
            log = new WriteAheadLog(table, locked, config);
        } catch (IOException | RuntimeException e) {
            if (locked != null) {
                locked.close();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e instanceof UnsafePathException unsafe) {
                throw new UncheckedIOException("cannot open the write-ahead log of " + table + ": " + unsafe.getMessage(),
                        unsafe);
            }
            throw new UncheckedIOException("cannot open the write-ahead log of " + table + " in " + directory + ": "
                    + e.getMessage() + "; set a writable local directory (clicktype.batch.wal.directory, "
                    + "WalConfig.directory) with room for wal.max-size (" + config.maxSize() + " bytes)",
                    (IOException) e);
        }
        if (log.recoveredEnd > log.start || log.tornRecords > 0 || log.corruptSegments > 0) {
            LOG.info("Write-ahead log of {} in {}: {} bytes not acknowledged before (position {} to {}, {} batches "
                    + "already cut) are sent again now; {} torn records cut off, {} corrupt segments set aside", table,
                    directory, log.recoveredEnd - log.start, log.start, log.recoveredEnd, log.pendingCuts.length,
                    log.tornRecords, log.corruptSegments);
        }
        if (PrivateDirectory.isUnderTemp(directory)) {
            LOG.warn("Write-ahead log of {} is in the temp directory ({}), which a reboot or a container's restart may "
                    + "empty, and the rows it holds unacknowledged with it. In production set a persistent local disk "
                    + "(clicktype.batch.wal.directory, WalConfig.directory)", table, directory);
        }
        log.rejected.warnIfHeld("ClickHouse refused them", "fix the cause, then replay each file with a DiskSpill "
                + "over that folder (docs/delivery.md), or delete them");
        return log;
    }

    /**
     * Appends a DATA record sealed with {@link WalRecords#sealData}, waiting up to {@code timeoutNanos} while the
     * log is full.
     *
     * @return the log position after the record, {@link #FULL} or {@link #CLOSED}
     * @throws IllegalArgumentException when the record can never fit {@code maxSize}
     * @throws UncheckedIOException     when the record cannot be written (disk full, I/O error)
     */
    public long append(byte[] record, int length, int rows, long timeoutNanos) throws InterruptedException {
        int needed = Math.max(segmentSize, length + MARK_RESERVE);
        if (WalSegment.FILE_HEADER + (long) needed > config.maxSize()) {
            throw new IllegalArgumentException("a record of " + length + " bytes (" + rows + " rows) for " + table
                    + " cannot fit the write-ahead log's max-size of " + config.maxSize() + " bytes; insert fewer rows "
                    + "at once or raise wal.max-size");
        }
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (true) {
                if (closed) {
                    return CLOSED;
                }
                if (segments.active().remaining() - MARK_RESERVE >= length) {
                    break;
                }
                if (segments.roomFor(needed)) {
                    roll(needed);
                    continue;
                }
                List<Path> released = segments.releaseReusableFor(needed);
                if (!released.isEmpty()) {
                    released.forEach(directory::deleteQuietly);
                    continue;
                }
                if (remaining <= 0) {
                    return FULL;
                }
                remaining = spaceFreed.awaitNanos(remaining);
            }
            write(record, length);
            APPENDED_ROWS.setOpaque(this, appendedRows + rows);
            publish();
            DATA_END.setRelease(this, written);
            return written;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once the log is on disk up to {@code position}; concurrent callers share one fsync.
     *
     * @throws IOException when the fsync failed
     */
    public void awaitDurable(long position) throws IOException {
        sync.awaitDurable(position);
    }

    /**
     * Like {@link #awaitDurable(long)}, for at most {@code timeoutNanos}.
     *
     * @return whether the log is on disk up to {@code position}
     */
    public boolean awaitDurable(long position, long timeoutNanos) throws IOException {
        return sync.awaitDurable(position, timeoutNanos);
    }

    /** Whether each append is forced before the insert returns ({@link WalFsync#ALWAYS}). */
    public boolean syncsEveryAppend() {
        return config.fsync() == WalFsync.ALWAYS;
    }

    /** A reader from {@link #start()}, for the one worker. */
    public WalReader reader() {
        lock.lock();
        try {
            return new WalReader(segments.containing(start), start);
        } finally {
            lock.unlock();
        }
    }

    /** Where replay starts: the end of the last acknowledged batch found at open. */
    public long start() {
        return start;
    }

    /** The ends of batches cut before the last stop and not acknowledged, ascending. */
    public long[] pendingCuts() {
        return pendingCuts.clone();
    }

    /** When each of {@link #pendingCuts()} was cut, epoch milliseconds. */
    public long[] pendingCutTimes() {
        return pendingCutTimes.clone();
    }

    /** The log's end at open: records before it are replays. */
    public long recoveredEnd() {
        return recoveredEnd;
    }

    /** The published end of the log: every record before it is complete. */
    public long end() {
        return written;
    }

    /** The deduplication token of the batch ending at {@code end}: the same on every attempt and replay. */
    public String token(long end) {
        return "clicktype-wal-" + logId + "-" + end;
    }

    /**
     * Records that the batch ending at {@code end} is cut there, and forces it to disk, before its first send.
     */
    public void cut(long end) {
        long at = appendMark(WalRecords.CUT, end);
        try {
            sync.awaitDurable(at);
        } catch (IOException e) {
            LOG.warn("Could not force the write-ahead log of {} after cutting a batch ({}); a power loss now could "
                    + "give its replay another deduplication token", table, e.toString());
        }
    }

    /** Records that the batch ending at {@code end} was acknowledged, and deletes segments no longer needed. */
    public void acknowledge(long end) {
        long at = appendMark(WalRecords.ACK, end);
        acked = end;
        List<WalSegment> done;
        lock.lock();
        try {
            done = segments.before(end);
        } finally {
            lock.unlock();
        }
        if (done.isEmpty()) {
            return;
        }
        try {
            // The acknowledgement must be on disk before the rows it covers are gone.
            sync.awaitDurable(at);
        } catch (IOException e) {
            LOG.warn("Could not force the write-ahead log of {}; acknowledged segments are kept for now: {}", table,
                    e.toString());
            return;
        }
        WalSegment reused = null;
        Path reuseAs = null;
        lock.lock();
        try {
            segments.remove(done);
            WalSegment newest = done.get(done.size() - 1);
            reuseAs = closed ? null : segments.startRecycle(newest);
            if (reuseAs != null) {
                reused = newest;
            }
            spaceFreed.signalAll();
        } catch (IOException e) {
            LOG.warn("Could not reuse an acknowledged write-ahead log segment of {}: {}", table, e.toString());
        } finally {
            lock.unlock();
        }
        for (WalSegment segment : done) {
            if (segment != reused) {
                directory.delete(segment);
            }
        }
        if (reused != null) {
            recycle(reused, reuseAs);
        }
        directory.sync();
    }

    /** Renames an acknowledged segment to {@code file}, so that a later roll writes into its blocks, not new zeros. */
    private void recycle(WalSegment segment, Path file) {
        boolean renamed = false;
        try {
            directory.recycle(segment, file);
            renamed = true;
        } catch (IOException e) {
            LOG.warn("Could not reuse acknowledged write-ahead log segment {} of {}: {}", segment.file, table,
                    e.toString());
            directory.delete(segment);
        } finally {
            lock.lock();
            try {
                segments.recycleDone(file, renamed);
                spaceFreed.signalAll(); // an append waiting for room may roll into it now
            } finally {
                lock.unlock();
            }
        }
    }

    /** The spare of zeros begun by {@link WalSegments#startSpare} is ready, or not. */
    private void spareDone(boolean ready) {
        lock.lock();
        try {
            segments.spareDone(ready);
            spaceFreed.signalAll(); // an append waiting for room may roll into it now
        } finally {
            lock.unlock();
        }
    }

    /**
     * For the reader at {@code position}: returns at once if the log has grown past it; otherwise waits until
     * {@code rows} more rows or {@code bytes} more bytes are appended, {@link #wake()} is called or
     * {@code timeoutNanos} pass (negative: no limit).
     *
     * <p>Why thresholds: the reader only copies, so it keeps catching up with producers that encode; woken by
     * every append, each append would pay a thread hand-off (an unpark), several times the cost of the append
     * itself. The worker asks to be woken when its batch could be full, or after a bounded number of bytes, so
     * producers hand off about once per batch. It never takes the log's lock, which only producers (and batch
     * marks, once per batch) hold; a {@link #wake()} while the reader is not waiting stays pending until a call
     * that would wait, which returns at once.
     */
    public void awaitData(long position, int rows, int bytes, long timeoutNanos) throws InterruptedException {
        if (written > position) {
            return;
        }
        // Without the log's lock: a reader that took it whenever it caught up met producers holding it, queued, and
        // producers' unlocks then had to hand it over (docs/benchmarks.md section 16: on 26.7 the log mode's rows/s
        // rose 5-12 % without it).
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        reader = Thread.currentThread();
        wakeAtPosition = written + Math.max(1, bytes);
        wakeAtRows = (long) APPENDED_ROWS.getOpaque(this) + Math.max(1, rows);
        readerWaiting = true; // publishes the targets to the appends that read it
        try {
            while (written <= position) {
                if (wakeRequested && (boolean) WAKE_REQUESTED.getAndSet(this, false)) {
                    return; // consumed; a wake() after this stays pending for the next call
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return;
                    }
                    LockSupport.parkNanos(this, remaining);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for the write-ahead log of " + table);
                }
            }
        } finally {
            readerWaiting = false;
        }
    }

    /** Spares made by reusing an acknowledged segment, and by writing zeros: {@code [recycled, zero-filled]}. */
    long[] spares() {
        lock.lock();
        try {
            return new long[] {segments.recycledSpares(), segments.zeroFilledSpares()};
        } finally {
            lock.unlock();
        }
    }

    /** How often an append has woken the reader waiting in {@link #awaitData}. */
    long readerWakeUps() {
        lock.lock();
        try {
            return readerWakeUps;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the reader waiting in {@link #awaitData}, or makes its next call that would wait return at once. */
    public void wake() {
        wakeRequested = true;
        Thread waiting = reader;
        if (waiting != null) {
            LockSupport.unpark(waiting); // at worst a spare permit: the reader's loop parks again
        }
    }

    /** Refuses later appends; batch marks are still written while the batcher drains. */
    public void closeAppends() {
        lock.lock();
        try {
            closed = true;
            spaceFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether appends are refused. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Where batches ClickHouse refused are kept, as spill files. */
    public Path rejectedDirectory() {
        return directory.rejected();
    }

    /** What {@link #rejectedDirectory()} holds now, set aside by this run or an earlier one. */
    public SetAsideFiles rejectedHeld() {
        return rejected;
    }

    /** The log's directory. */
    public Path directory() {
        return directory.path();
    }

    /** A snapshot of sizes and counters, from memory; the engine's row counts are zero here. */
    public WalStats stats() {
        return stats(0, 0, 0);
    }

    /**
     * A snapshot of sizes and counters, from memory, with the engine's counts of what it did with the log's rows
     * (the log itself only stores them).
     */
    public WalStats stats(long replayedRows, long rejectedRows, long replayedPastWindowRows) {
        long bytes;
        int count;
        lock.lock();
        try {
            bytes = segments.bytes();
            count = segments.count();
        } finally {
            lock.unlock();
        }
        SetAsideFiles.Held held = rejected.held();
        return new WalStats(directory.path(), bytes, config.maxSize(), count, Math.max(0, dataEnd - acked), sync.fsyncs(),
                sync.fsyncNanos(), replayedRows, tornRecords, corruptSegments, rejectedRows,
                replayedPastWindowRows, held.files(), held.rows());
    }

    /** Forces the log, stops its sync thread and closes its files; what is not acknowledged stays for next start. */
    @Override
    public void close() {
        closeAppends();
        try {
            sync.awaitDurable(written);
        } catch (IOException e) {
            LOG.error("Could not force the write-ahead log of {} at close: {}", table, e.toString());
        }
        sync.stop();
        lock.lock();
        try {
            segments.closeAll();
        } finally {
            lock.unlock();
        }
        directory.close();
    }

    private long appendMark(byte type, long end) {
        lock.lock();
        try {
            if (segments.active().remaining() < WalRecords.MARK_SIZE) {
                roll(segmentSize);
            }
            WalRecords.mark(mark, type, end, System.currentTimeMillis());
            write(mark, WalRecords.MARK_SIZE);
            publish();
            return written;
        } finally {
            lock.unlock();
        }
    }

    /** Publishes the records appended, waking the reader once its target is reached; caller holds the lock. */
    private void publish() {
        // a volatile store, then the volatile read of readerWaiting: with the reader's store of readerWaiting before
        // its read of written, either this append sees the reader waiting or the reader sees this append (the one
        // full fence per record; the log's other volatile fields are stored with release semantics)
        written = segments.active().end();
        if (readerWaiting && (written >= wakeAtPosition || appendedRows >= wakeAtRows)) {
            readerWakeUps++;
            readerWaiting = false;
            LockSupport.unpark(reader);
        }
    }

    /** Writes a record into the active segment; caller holds the lock. */
    private void write(byte[] record, int length) {
        try {
            segments.active().append(record, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the write-ahead log of " + table + " in " + directory.path()
                    + ": " + e.getMessage() + "; free disk space there or lower wal.max-size", e);
        }
    }

    /** Seals the active segment (the sync thread forces it next) and starts the next. Caller holds the lock. */
    private void roll(int capacity) {
        try {
            segments.roll(capacity);
            // the next spare, right away: a roll without one zero-fills a whole segment under the lock
            sync.nudge();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a new write-ahead log segment for " + table + " in "
                    + directory.path() + ": " + e.getMessage() + "; free disk space there or lower wal.max-size", e);
        }
    }

    /**
     * On the sync thread: zero-fills the next segment of a mapped log in the background (within {@code maxSize}),
     * so that the roll only renames it, when no acknowledged segment came to be reused before the active one is
     * half full ({@link WalSegments}).
     */
    private void prepareSpare() {
        lock.lock();
        try {
            if (closed || !segments.startSpare()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        boolean ready = false;
        try {
            directory.prepareSpare(segmentSize);
            ready = true;
        } catch (IOException e) {
            LOG.warn("Could not prepare the next write-ahead log segment of {} in {}: {}", table, directory.path(),
                    e.toString());
        } finally {
            spareDone(ready);
        }
    }

    /** Forces sealed segments not forced yet, then the active one; returns the position now durable. */
    private long forceAll() throws IOException {
        long target = written;
        List<WalSegment> older;
        WalSegment current;
        lock.lock();
        try {
            older = segments.takeUnforced();
            current = segments.active();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < older.size(); i++) {
            try {
                older.get(i).force();
            } catch (java.nio.channels.ClosedChannelException e) {
                // deleted meanwhile: every batch in it was acknowledged
            } catch (IOException e) {
                lock.lock();
                try {
                    segments.unforced(older.subList(i, older.size()));
                } finally {
                    lock.unlock();
                }
                throw e;
            }
        }
        current.force();
        return target;
    }
}
