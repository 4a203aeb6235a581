package io.clicktype.batch.spill;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.encoding.NamesAndTypesHeader;
import io.clicktype.batch.schema.BatchSchema;
import io.clicktype.batch.schema.MissingTable;
import io.clicktype.batch.schema.SchemaChangeException;
import io.clicktype.batch.schema.SchemaFailure;
import io.clicktype.batch.schema.SchemaGuard;
import io.clicktype.batch.schema.ViewFailure;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@link SpillDirectory}: one pass reads the pending files oldest first and inserts each with its
 * deduplication token and column types, checked first against the table as it is now ({@link SchemaGuard}: sent as
 * it is, converted to widened types, or set aside naming the column); a file the server refuses is moved to
 * {@code rejected/}, an unreadable one to {@code corrupt/}; the pass stops at the first retryable failure
 * (ClickHouse still away). A file whose table or database is missing stays and is tried again at each pass, for up
 * to {@code missingTableTimeout} from the first such refusal (a migration re-creating it), then set aside.
 * Optionally on a daemon thread of its own. Counts what it did. Thread-safe; passes do not overlap.
 */
public final class SpillReplayer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.clicktype.batch.DiskSpill");

    private final SpillDirectory files;
    private final ClickHouseTransport transport;
    private final Duration deduplicationWindow;
    private final AtomicLong replayedRows = new AtomicLong();
    /** Per table (by its text, as the spill file names it): health adds them to the batcher's flushed rows. */
    private final java.util.concurrent.ConcurrentMap<String, AtomicLong> replayedByTable =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong corruptFiles = new AtomicLong();
    private final AtomicLong rejectedFiles = new AtomicLong();
    private final AtomicLong replayedPastWindowRows = new AtomicLong();
    private final AtomicLong missingTableWaits = new AtomicLong();
    private final Object replayLock = new Object();
    private final Duration missingTableTimeout;
    /** Per table (by its text): each table's own check of batches against its columns. */
    private final java.util.Map<String, SchemaGuard> guards = new java.util.HashMap<>();
    /** When each file's table was first found missing, in this process. */
    private final java.util.Map<Path, Long> missingSince = new java.util.HashMap<>();
    /** The tables found missing in the last pass, for health. */
    private volatile java.util.Set<String> missingTables = java.util.Set.of();
    private ScheduledExecutorService replayer;

    /**
     * @param deduplicationWindow how long the server remembers a token; later replays are counted
     * @param missingTableTimeout how long a file whose table is missing is kept pending before it is set aside
     */
    public SpillReplayer(SpillDirectory files, ClickHouseTransport transport, Duration deduplicationWindow,
            Duration missingTableTimeout) {
        this.missingTableTimeout = missingTableTimeout;
        this.files = files;
        this.transport = transport;
        this.deduplicationWindow = deduplicationWindow;
    }

    /** One INFO line per table that had files replayed in a pass: rows and files (each file's line is DEBUG). */
    private static void logReplayed(Map<TableRef, long[]> replayed) {
        for (Map.Entry<TableRef, long[]> table : replayed.entrySet()) {
            LOG.info("Replayed {} spilled rows into {} from {} spill file(s)", table.getValue()[0], table.getKey(),
                    table.getValue()[1]);
        }
    }

    /** Replays now and every {@code interval} on a daemon thread. Idempotent. */
    public synchronized void start(Duration interval) {
        if (replayer == null) {
            replayer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "clicktype-batch-spill-replay");
                thread.setDaemon(true);
                return thread;
            });
            replayer.scheduleWithFixedDelay(this::replaySafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One replay pass, oldest file first, on the caller's thread.
     *
     * @return rows replayed in this pass
     */
    public long replayNow() {
        synchronized (replayLock) {
            long replayed = 0;
            java.util.Set<String> missing = new java.util.TreeSet<>();
            // rows and files replayed per table in this pass: one INFO line per table, not one per file
            Map<TableRef, long[]> replayedHere = new java.util.LinkedHashMap<>();
            for (Path file : files.files()) {
                SpillRecord record;
                try {
                    record = SpillFileFormat.read(file);
                } catch (CorruptSpillFileException e) {
                    files.moveAside(file, SpillDirectory.CORRUPT, e.getMessage());
                    corruptFiles.incrementAndGet();
                    continue;
                } catch (IOException e) {
                    LOG.warn("Cannot read spill file {}: {}", file, e.toString());
                    continue;
                }
                try {
                    insert(record);
                } catch (TransportException e) {
                    if (MissingTable.is(e) && waitForTable(file, record, e, missing)) {
                        continue;
                    }
                    if (!(e instanceof SchemaChangeException) && (e.retryable()
                            || (e.serverErrorCode() == 0 && e.httpStatus() == 0))) {
                        // only a refusal by the server itself (or by the schema check) sets a file aside
                        LOG.debug("Replay paused, ClickHouse still unavailable: {}", e.getMessage());
                        missingTables = java.util.Set.copyOf(missing);
                        logReplayed(replayedHere);
                        return replayed;
                    }
                    files.moveAside(file, SpillDirectory.REJECTED, refusedBecause(record, e));
                    missingSince.remove(file);
                    rejectedFiles.incrementAndGet();
                    continue;
                }
                missingSince.remove(file);
                warnIfPastDeduplicationWindow(file, record);
                files.delete(file);
                replayed += record.rows();
                replayedRows.addAndGet(record.rows());
                replayedByTable.computeIfAbsent(record.table().toString(), t -> new AtomicLong()).addAndGet(record.rows());
                LOG.debug("Replayed {} spilled rows into {} from {}", record.rows(), record.table(), file.getFileName());
                long[] counts = replayedHere.computeIfAbsent(record.table(), t -> new long[2]);
                counts[0] += record.rows();
                counts[1]++;
            }
            missingTables = java.util.Set.copyOf(missing);
            logReplayed(replayedHere);
            return replayed;
        }
    }

    /** Sends one file's batch, checked against (and converted to) the table as it is now. */
    private void insert(SpillRecord record) {
        SchemaGuard guard = guards.computeIfAbsent(record.table().toString(),
                name -> new SchemaGuard(record.table(), transport));
        BatchSchema schema = BatchSchema.ofNullable(record.columns(), record.columnTypes());
        TransportException refusal = null;
        for (int attempt = 0; ; attempt++) {
            SchemaGuard.Prepared prepared = guard.prepare(schema, record.format(), record.payload(),
                    record.payload().length, record.rows(), refusal);
            // a Native block names and types its columns itself; RowBinary gets the names-and-types header
            boolean header = prepared.schema() != null && record.format() == BatchFormat.ROW_BINARY;
            try {
                transport.insert(new InsertRequest(record.table(), record.columns(), prepared.payload(),
                        prepared.length(), record.rows(), Map.of(), header
                        ? NamesAndTypesHeader.encode(prepared.schema().columns(), prepared.schema().types()) : null,
                        record.deduplicationToken(), record.format()));
                return;
            } catch (TransportException e) {
                if (attempt > 0 || !SchemaFailure.is(e) || !guard.tableChanged()) {
                    throw e;
                }
                refusal = e; // refused for types the table no longer has: once more for the table as it is now
            }
        }
    }

    /**
     * Keeps a file whose table or database is missing pending, for up to {@code missingTableTimeout} from the first
     * such refusal; logs and counts the wait.
     *
     * @return whether the file stays pending (else it is set aside like any refused file)
     */
    private boolean waitForTable(Path file, SpillRecord record, TransportException e, java.util.Set<String> missing) {
        long now = System.nanoTime();
        long since = missingSince.computeIfAbsent(file, f -> now);
        Duration waited = Duration.ofNanos(now - since);
        if (waited.compareTo(missingTableTimeout) >= 0) {
            LOG.error("Table {} is still missing after {} (missingTableTimeout): setting aside spill file {} with {} "
                    + "rows", record.table(), missingTableTimeout, file.getFileName(), record.rows());
            return false;
        }
        missingTableWaits.incrementAndGet();
        if (missing.add(record.table().toString())) {
            LOG.warn("Table {} is missing ({}); its spill files stay and are replayed when it is back, waiting up to "
                    + "{} (missingTableTimeout), {} waited so far", record.table(), e.getMessage(),
                    missingTableTimeout, waited.withNanos(0));
        }
        return true;
    }

    /** Why a file was set aside: the refusal, and for a failing view what a replay would do to the table. */
    private static String refusedBecause(SpillRecord record, TransportException e) {
        String view = ViewFailure.view(e);
        if (view == null) {
            return "ClickHouse refused its " + record.rows() + " rows: " + e.getMessage();
        }
        return "materialized view " + view + " of " + record.table() + " failed on its " + record.rows() + " rows; "
                + "the table stored them, the view did not. Replaying this file stores them in the table again "
                + "unless the table drops the batch by its deduplication token: " + e.getMessage();
    }

    /** Writes a file that must not be replayed on its own, and moves it to {@code rejected/} before a pass sees it. */
    public void writeAside(FileWrite write, Path file, String reason) throws IOException {
        synchronized (replayLock) {
            write.run();
            files.moveAside(file, SpillDirectory.REJECTED, reason);
            rejectedFiles.incrementAndGet();
        }
    }

    /** A write of a spill file. */
    @FunctionalInterface
    public interface FileWrite {
        void run() throws IOException;
    }

    /** Passes that found a file's table missing and kept the file pending, counted per file. */
    public long missingTableWaits() {
        return missingTableWaits.get();
    }

    /** The tables the last replay pass found missing (their files wait), by name. */
    public java.util.Set<String> missingTables() {
        return missingTables;
    }

    /**
     * A batch replayed later than the server's deduplication window after it was spilled may be stored twice
     * if it had in fact landed before (a lost answer): its token is no longer remembered. Counted and logged.
     */
    private void warnIfPastDeduplicationWindow(Path file, SpillRecord record) {
        if (record.deduplicationToken() == null) {
            return;
        }
        Duration age;
        try {
            age = Duration.ofMillis(System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return;
        }
        if (age.compareTo(deduplicationWindow) > 0) {
            replayedPastWindowRows.addAndGet(record.rows());
            LOG.warn("Replayed {} rows into {} spilled {} ago, past the deduplication window of {} "
                    + "(replicated_deduplication_window_seconds; count windows of plain MergeTree tables may be "
                    + "shorter): if that batch had landed before it was spilled, it is now stored twice. See "
                    + "docs/delivery.md", record.rows(), record.table(), age.withNanos(0), deduplicationWindow);
        }
    }

    /** Rows of {@code table} replayed into ClickHouse. */
    public long replayedRows(TableRef table) {
        AtomicLong rows = replayedByTable.get(table.toString());
        return rows == null ? 0 : rows.get();
    }

    /** Rows replayed into ClickHouse. */
    public long replayedRows() {
        return replayedRows.get();
    }

    /** Files moved to {@code corrupt/}. */
    public long corruptFiles() {
        return corruptFiles.get();
    }

    /** Files moved to {@code rejected/}. */
    public long rejectedFiles() {
        return rejectedFiles.get();
    }

    /** Rows replayed later than the deduplication window after they were spilled. */
    public long replayedPastWindowRows() {
        return replayedPastWindowRows.get();
    }

    /** Stops the replay thread; files stay. */
    @Override
    public synchronized void close() {
        if (replayer != null) {
            replayer.shutdownNow();
            replayer = null;
        }
    }

    /**
     * One scheduled pass. Catches every {@code Throwable}, an {@code OutOfMemoryError} too: a task that throws is
     * never run again by its executor, and replay would stop until a restart. The file being replayed stays.
     */
    private void replaySafely() {
        try {
            replayNow();
        } catch (Throwable e) {
            LOG.error("Spill replay pass failed; its file stays and the next pass retries", e);
        }
    }
}
