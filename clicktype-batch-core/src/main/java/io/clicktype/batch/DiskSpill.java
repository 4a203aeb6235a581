package io.clicktype.batch;

import io.clicktype.batch.files.DirectoryLock;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.files.PrivateDirectory;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.schema.ViewFailure;
import io.clicktype.batch.spill.SetAsideFiles;
import io.clicktype.batch.spill.SpillDirectory;
import io.clicktype.batch.spill.SpillFileFormat;
import io.clicktype.batch.spill.SpillReplayer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FailedBatchHandler} that keeps failed batches on disk and replays them into ClickHouse, so
 * that a batch whose retries ran out (or that was unsent at shutdown) is not lost.
 *
 * <p>Each batch becomes one self-describing file (table, columns, rows, deduplication token, checksum,
 * RowBinary payload), written atomically: temp file, fsync, rename. A background thread replays files
 * oldest first at start and every {@code replayInterval}, deleting each only after ClickHouse
 * acknowledged it; a pass stops at the first retryable failure (the server is still away). A file the
 * server refuses as invalid moves to {@code rejected/}, a corrupt one to {@code corrupt/}: both logged
 * at ERROR and counted, never retried forever. The directory is bounded by {@code maxSize}; beyond it
 * {@link SpillOverflow} decides what is dropped, and every dropped row is counted and logged.
 *
 * <p>Thread-safe. One directory belongs to one {@code DiskSpill} (one application) at a time: the spill holds the
 * directory's {@code lock} file from {@link Builder#build()} to {@link #close()}, and a second one is refused.
 */
public final class DiskSpill implements FailedBatchHandler, AutoCloseable {

    /**
     * How long a batch sent again is assumed to be deduplicated by the server unless said otherwise: ClickHouse's
     * {@code replicated_deduplication_window_seconds} default, one hour. The write-ahead log counts its late
     * replays against the same window.
     */
    public static final Duration DEFAULT_DEDUPLICATION_WINDOW = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpill.class);
    /** {@link Builder#missingTableTimeout}'s default. */
    public static final Duration DEFAULT_MISSING_TABLE_TIMEOUT = Duration.ofHours(24);

    private final Path directory;
    private final SpillDirectory files;
    private final long maxSize;
    private final SpillOverflow overflow;
    private final Duration replayInterval;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong spilledRows = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private final SpillReplayer replayer;
    private final DirectoryLock lock;

    private DiskSpill(Builder builder) {
        this.directory = builder.directory;
        this.files = new SpillDirectory(builder.directory);
        this.lock = claim(builder.directory);
        this.maxSize = builder.maxSize;
        this.overflow = builder.overflow;
        this.replayInterval = builder.replayInterval;
        this.replayer = new SpillReplayer(files, builder.transport, builder.deduplicationWindow,
                builder.missingTableTimeout);
        if (PrivateDirectory.isUnderTemp(directory)) {
            LOG.warn("Spill directory {} is in the temp directory, which a reboot or a container's restart may empty, "
                    + "and batches spilled there with it. In production set a persistent volume "
                    + "(clicktype.batch.spill.directory, DiskSpill.builder)", directory);
        }
        String moveBack = "fix the cause, then move them back to " + directory + " to replay them, or delete them";
        files.setAside(SpillDirectory.REJECTED).warnIfHeld("ClickHouse refused them", moveBack);
        files.setAside(SpillDirectory.CORRUPT).warnIfHeld("they could not be read (damaged or cut short)",
                "they cannot be replayed as they are: keep them for inspection, or delete them");
    }

    /**
     * The default spill directory of {@code application}: {@code ${java.io.tmpdir}/clicktype-batch-<user>/spill/
     * <application>}, under a directory of the process's user (mode 0700, checked to be its own at start; {@code
     * <user>} is {@code user.name} reduced to {@code [A-Za-z0-9_.-]}), so that no other user of a shared host can
     * have created it first. A temp directory may be wiped at reboot: in production set a persistent volume.
     */
    public static Path defaultDirectory(String application) {
        String name = application == null || application.isBlank() ? "application" : fileNamePart(application);
        return PrivateDirectory.userTempBase().resolve("spill").resolve(name);
    }

    /**
     * A builder for a spill in {@code directory} that replays through {@code transport}. The directory is created
     * mode 0700 (files 0600); an existing one must belong to the process's user and be writable by nobody else.
     */
    public static Builder builder(Path directory, ClickHouseTransport transport) {
        return new Builder(directory, transport);
    }

    /** Writes the batch to disk; counted as dropped (and logged) if that is impossible. */
    @Override
    public void onFailedBatch(FailedBatch batch) {
        spill(batch.table(), batch.columns(), batch.payload(), batch.payload().length, batch.rows(), batch.cause(),
                batch.deduplicationToken(), batch.columnTypes(), batch.format());
    }

    /**
     * Writes a failed batch whose RowBinary payload is the first {@code length} bytes of {@code payload}, streamed
     * from that array to the file: the batchers hand their batch buffer over this way, so a batch going to disk
     * costs no copy on the heap. {@code payload} is only read during the call. Counted as dropped (and logged) if it
     * cannot be written; the arguments are those of {@link FailedBatch}.
     */
    public void spill(TableRef table, List<String> columns, byte[] payload, int length, int rows,
            Throwable cause, String deduplicationToken, List<String> columnTypes) {
        spill(table, columns, payload, length, rows, cause, deduplicationToken, columnTypes, BatchFormat.ROW_BINARY);
    }

    /**
     * As {@link #spill(TableRef, List, byte[], int, int, Throwable, String, List)}, for a payload in {@code format};
     * the file records it and is replayed in that format.
     */
    public synchronized void spill(TableRef table, List<String> columns, byte[] payload, int length, int rows,
            Throwable cause, String deduplicationToken, List<String> columnTypes, BatchFormat format) {
        byte[] header = SpillFileFormat.header(table, columns, rows, deduplicationToken, columnTypes, format, payload,
                length);
        if (!makeRoom((long) header.length + length, table, rows)) {
            return;
        }
        String name = String.format("%013d-%06d-%s%s", System.currentTimeMillis(), sequence.incrementAndGet() % 1_000_000,
                fileNamePart(table), SpillDirectory.SUFFIX);
        Path target = directory.resolve(name);
        try {
            String view = ViewFailure.view(cause);
            if (view != null) {
                // a replay would store the table's rows a second time: set aside for a person (docs/delivery.md)
                replayer.writeAside(() -> files.write(name, header, payload, length, rows), target, "materialized view "
                        + view + " of " + table + " failed on these " + rows + " rows; the table stored them, the "
                        + "view did not. Replaying this file stores them in the table again unless the table drops "
                        + "the batch by its deduplication token: " + cause.getMessage());
                spilledRows.addAndGet(rows);
                return;
            }
            files.write(name, header, payload, length, rows);
            spilledRows.addAndGet(rows);
            if (cause instanceof TransportException away && away.retryable()) {
                // ClickHouse is away: the batcher's outage lines already say so, with the spilled rows counted
                // (one WARN per outage, not one per batch); the count is in stats().spilledRows() as well
                LOG.debug("Spilled {} rows for {} to {} ({}); they are replayed when ClickHouse accepts inserts again",
                        rows, table, target, cause.getMessage());
            } else if (cause instanceof TransportException refused && !refused.retryable()) {
                // a refusal (by ClickHouse, or by the batcher for a table that changed): said as such, not as an
                // outage whose end replays the rows
                LOG.warn("Spilled {} rows for {} to {}: they were refused ({}). The next replay pass tries them once "
                        + "more (the table may take them by then) and sets the file aside in rejected/ if they are "
                        + "refused again", rows, table, target, cause.getMessage());
            } else {
                LOG.warn("Spilled {} rows for {} to {} ({}); they are replayed when ClickHouse accepts inserts again",
                        rows, table, target, cause == null ? "failed" : cause.getMessage());
            }
        } catch (IOException e) {
            droppedRows.addAndGet(rows);
            LOG.error("LOST {} rows for {}: could not write spill file {}: {}", rows, table, target, e.toString());
        }
    }

    /**
     * As {@link #spill(TableRef, List, byte[], int, int, Throwable, String, List, BatchFormat)}, but only if the batch fits the directory now without dropping anything; {@code false}, with
     * nothing written or counted, when it does not. The batchers hand a batch over this way while ClickHouse is merely
     * away, and keep one that does not fit in memory, retrying it: a full spill then holds producers back (through
     * the memory budget) instead of dropping rows.
     */
    public synchronized boolean spillIfRoom(TableRef table, List<String> columns, byte[] payload, int length, int rows,
            Throwable cause, String deduplicationToken, List<String> columnTypes, BatchFormat format) {
        byte[] header = SpillFileFormat.header(table, columns, rows, deduplicationToken, columnTypes, format, payload,
                length);
        if (files.totals().bytes() + header.length + length > maxSize) {
            return false;
        }
        spill(table, columns, payload, length, rows, cause, deduplicationToken, columnTypes, format);
        return true;
    }

    /** Starts replaying now and every {@code replayInterval} on a daemon thread. Idempotent. */
    public DiskSpill start() {
        replayer.start(replayInterval);
        return this;
    }

    /**
     * One replay pass, oldest file first, on the caller's thread.
     *
     * @return rows replayed in this pass
     */
    public long replayNow() {
        return replayer.replayNow();
    }

    /**
     * Counters and what is pending on disk, from memory; what {@code rejected/} and {@code corrupt/} hold is listed
     * at most every 10 s ({@link SetAsideFiles}).
     */
    public SpillStats stats() {
        SpillDirectory.Totals pending = files.totals();
        SetAsideFiles.Held rejected = files.setAside(SpillDirectory.REJECTED).held();
        SetAsideFiles.Held corrupt = files.setAside(SpillDirectory.CORRUPT).held();
        return new SpillStats(pending.files(), pending.rows(), pending.bytes(), pending.oldestAge(), spilledRows.get(),
                replayer.replayedRows(), droppedRows.get(), replayer.corruptFiles(), replayer.rejectedFiles(),
                replayer.replayedPastWindowRows(), replayer.missingTableWaits(), replayer.missingTables(),
                rejected.files(), rejected.rows(), corrupt.files());
    }

    /**
     * Rows of {@code table} replayed into ClickHouse since start: with the batcher's flushed rows, what reached
     * the table ({@code BatcherStats.flushedRows()} does not count replays, which do not go through the batcher).
     */
    public long replayedRows(TableRef table) {
        return replayer.replayedRows(table);
    }

    /**
     * Rows of {@code table} waiting in the spill now, as the pending files' headers say: rows accepted but not yet in
     * ClickHouse, replayed automatically once it accepts inserts again. From memory (the index), cheap to call.
     */
    public long pendingRows(TableRef table) {
        return files.pendingRows(table);
    }

    /** The spill directory. */
    public Path directory() {
        return directory;
    }

    /** Stops the replay thread; files stay for the next start. */
    @Override
    public void close() {
        try {
            replayer.close();
            SpillDirectory.Totals left = files.totals();
            if (left.files() > 0) {
                // the one line that says, at shutdown, what waits on disk for the next start (each table's stop line
                // counts only its own rows handed over)
                LOG.info("Disk spill {} keeps {} rows in {} file(s) ({} bytes) for the next start, which replays them",
                        directory, left.rows(), left.files(), left.bytes());
            }
        } finally {
            lock.close();
        }
    }

    /** The directory for this spill alone: two would replay and delete each other's files. */
    private static DirectoryLock claim(Path directory) {
        try {
            return DirectoryLock.acquire(directory, "spill", SpillDirectory.SETTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }


    private boolean makeRoom(long needed, TableRef table, int rows) {
        long used = files.totals().bytes();
        if (used + needed <= maxSize) {
            return true;
        }
        if (overflow == SpillOverflow.DROP_NEWEST || needed > maxSize) {
            droppedRows.addAndGet(rows);
            LOG.error("LOST {} rows for {}: spill directory {} is full ({} of {} bytes, overflow {})", rows,
                    table, directory, used, maxSize, overflow);
            return false;
        }
        List<Path> pending = files.indexedFiles();
        for (int i = 0; i < pending.size() && used + needed > maxSize; i++) {
            Path oldest = pending.get(i);
            int oldRows = files.rowsOf(oldest);
            used -= files.bytesOf(oldest);
            files.delete(oldest);
            droppedRows.addAndGet(Math.max(0, oldRows));
            LOG.error("LOST {} spilled rows: deleted oldest spill file {} to make room (spill directory full, overflow {})",
                    oldRows, oldest.getFileName(), overflow);
        }
        return true;
    }

    /** Builds a {@link DiskSpill}; setters check their argument. */
    public static final class Builder {
        private final Path directory;
        private final ClickHouseTransport transport;
        private long maxSize = 1L << 30;
        private SpillOverflow overflow = SpillOverflow.DROP_OLDEST;
        private Duration replayInterval = Duration.ofSeconds(5);
        private Duration deduplicationWindow = DEFAULT_DEDUPLICATION_WINDOW;
        private Duration missingTableTimeout = DEFAULT_MISSING_TABLE_TIMEOUT;

        private Builder(Path directory, ClickHouseTransport transport) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** Bytes the directory may hold (default 1 GiB). */
        public Builder maxSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxSize must be > 0, was " + bytes);
            }
            this.maxSize = bytes;
            return this;
        }

        /** What to drop when full (default {@link SpillOverflow#DROP_OLDEST}). */
        public Builder overflow(SpillOverflow overflow) {
            this.overflow = Objects.requireNonNull(overflow, "overflow");
            return this;
        }

        /** Time between replay passes (default 5 s). */
        public Builder replayInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("replayInterval must be > 0, was " + interval);
            }
            this.replayInterval = interval;
            return this;
        }

        /**
         * How long the server remembers a batch's deduplication token (default 1 h, ClickHouse's default
         * {@code replicated_deduplication_window_seconds}); a replay later than that is counted and logged as
         * possibly duplicated.
         */
        public Builder deduplicationWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("deduplicationWindow must be > 0, was " + window);
            }
            this.deduplicationWindow = window;
            return this;
        }

        /**
         * How long a spill file whose table (or database) does not exist is kept pending and tried again at each
         * replay pass, from the first such refusal, before it is set aside in {@code rejected/} (default 24 h): a
         * table dropped and created again by a migration, or one that comes with a later deploy, is waited for.
         */
        public Builder missingTableTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("missingTableTimeout must be >= 0, was " + timeout);
            }
            this.missingTableTimeout = timeout;
            return this;
        }

        /**
         * Builds; creates the directory.
         *
         * @throws java.io.UncheckedIOException when it cannot be created, or exists but another user owns it or may
         *                                      write to it (naming path, owner, mode and the fix)
         */
        public DiskSpill build() {
            return new DiskSpill(this);
        }
    }

    /**
     * The table as a readable, safe part of a file name: characters other than ASCII letters, digits,
     * {@code _}, {@code -} and {@code .} become {@code _}, so a table named {@code ../x} or {@code a/b}
     * cannot leave the directory. The file's header, not its name, says which table it belongs to.
     */
    static String fileNamePart(TableRef table) {
        return fileNamePart(table.toString());
    }

    /** {@code name} as one safe file name: {@code [A-Za-z0-9_.-]}, no leading dot, at most 100 characters. */
    static String fileNamePart(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 100));
        for (int i = 0; i < name.length() && out.length() < 100; i++) {
            char c = name.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || (c == '.' && i > 0);
            out.append(safe ? c : '_');
        }
        return out.toString();
    }
}
