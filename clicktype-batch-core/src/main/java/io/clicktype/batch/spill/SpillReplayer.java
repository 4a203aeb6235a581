package io.clicktype.batch.spill;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.encoding.NamesAndTypesHeader;
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
 * deduplication token and column types; a file the server refuses is moved to {@code rejected/}, an
 * unreadable one to {@code corrupt/}; the pass stops at the first retryable failure (ClickHouse still away).
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
    private final Object replayLock = new Object();
    private ScheduledExecutorService replayer;

    /** @param deduplicationWindow how long the server remembers a token; later replays are counted */
    public SpillReplayer(SpillDirectory files, ClickHouseTransport transport, Duration deduplicationWindow) {
        this.files = files;
        this.transport = transport;
        this.deduplicationWindow = deduplicationWindow;
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
                    transport.insert(new InsertRequest(record.table(), record.columns(), record.payload(),
                            record.payload().length, record.rows(), Map.of(), record.columnTypes() == null ? null
                            : NamesAndTypesHeader.encode(record.columns(), record.columnTypes()),
                            record.deduplicationToken(), record.format()));
                } catch (TransportException e) {
                    if (e.retryable() || (e.serverErrorCode() == 0 && e.httpStatus() == 0)) {
                        // only a refusal by the server itself sets a file aside; anything else is tried again
                        LOG.debug("Replay paused, ClickHouse still unavailable: {}", e.getMessage());
                        return replayed;
                    }
                    files.moveAside(file, SpillDirectory.REJECTED, "ClickHouse refused its " + record.rows() + " rows: " + e.getMessage());
                    rejectedFiles.incrementAndGet();
                    continue;
                }
                warnIfPastDeduplicationWindow(file, record);
                files.delete(file);
                replayed += record.rows();
                replayedRows.addAndGet(record.rows());
                replayedByTable.computeIfAbsent(record.table().toString(), t -> new AtomicLong()).addAndGet(record.rows());
                LOG.info("Replayed {} spilled rows into {} from {}", record.rows(), record.table(), file.getFileName());
            }
            return replayed;
        }
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
