package io.clicktype.batch.spill;

import io.clicktype.batch.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a folder of set-aside batches holds now: a spill directory's {@code rejected/} (batches ClickHouse refused)
 * or {@code corrupt/} (files that could not be read), or a write-ahead log's {@code rejected/}. Nothing in such a
 * folder is sent again until someone fixes the cause and moves the file back, so these rows are the ones a user
 * must act on, whichever run set them aside.
 *
 * <p>Why a listing and not a counter: files are taken out by hand (moved back to replay, or deleted), and a restart
 * must still show what earlier runs left. The folder is listed at most once per {@link #REFRESH_NANOS} when asked
 * (stats are read by every health check and metric scrape), and each file's header is read once for its rows. A
 * file set aside by this process counts at once ({@link #added}). Thread-safe.
 */
public final class SetAsideFiles {

    /** How old a listing may be before {@link #held()} lists the folder again: 10 s. */
    static final long REFRESH_NANOS = 10_000_000_000L;

    /**
     * @param files files in the folder
     * @param rows  rows in them, as their headers say (a file whose header cannot be read counts none)
     */
    public record Held(int files, long rows) {

        /** Nothing held. */
        public static final Held NONE = new Held(0, 0);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SetAsideFiles.class);

    private final Path folder;
    private final long refreshNanos;
    /** Rows per file listed, so that a header is read once per file. */
    private final Map<Path, Integer> rows = new HashMap<>();
    private Held held = Held.NONE;
    private long listedAt;
    private boolean listed;

    /** @param folder the folder; it need not exist */
    public SetAsideFiles(Path folder) {
        this(folder, REFRESH_NANOS);
    }

    SetAsideFiles(Path folder, long refreshNanos) {
        this.folder = folder;
        this.refreshNanos = refreshNanos;
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** What the folder holds, from a listing at most {@link #REFRESH_NANOS} old. */
    public synchronized Held held() {
        long now = System.nanoTime();
        if (!listed || now - listedAt >= refreshNanos) {
            list();
            listedAt = now;
            listed = true;
        }
        return held;
    }

    /**
     * At start: logs a WARN when the folder holds files (an earlier run's, most likely), which are not sent again
     * until someone acts: {@code why} they were set aside, {@code remedy} what to do.
     */
    public void warnIfHeld(String why, String remedy) {
        Held now = held();
        if (now.files() > 0) {
            LOG.warn("{} holds {} set-aside batch files ({} rows), from this or earlier runs: {}, and they are not "
                    + "sent again. Inspect them; {} (docs/delivery.md, \"Set-aside batches\")", folder, now.files(),
                    now.rows(), why, remedy);
        }
    }

    /** A file of {@code fileRows} rows was just set aside here: counted now, not at the next listing. */
    public synchronized void added(Path file, int fileRows) {
        if (listed && rows.putIfAbsent(file, fileRows) == null) {
            held = new Held(held.files() + 1, held.rows() + Math.max(0, fileRows));
        }
    }

    private void list() {
        Map<Path, Integer> now = new HashMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                // batch files only: not a write in progress (.tmp), nor the lock file of a DiskSpill replaying
                // the folder (a write-ahead log's rejected/ is replayed that way)
                files.filter(f -> f.getFileName().toString().endsWith(SpillDirectory.SUFFIX)
                                && OwnerOnlyFiles.isRegularFile(f))
                        .forEach(f -> now.put(f, rows.containsKey(f) ? rows.get(f) : SpillFileFormat.rowsOf(f)));
            } catch (IOException e) {
                return; // keep the last count; the next call lists again
            }
        }
        rows.clear();
        rows.putAll(now);
        long total = 0;
        for (int r : now.values()) {
            total += Math.max(0, r);
        }
        held = new Held(now.size(), total);
    }
}
