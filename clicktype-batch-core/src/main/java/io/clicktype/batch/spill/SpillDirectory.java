package io.clicktype.batch.spill;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.UnsafePathException;
import io.clicktype.batch.files.OwnerOnlyFiles;
import io.clicktype.batch.files.PrivateDirectory;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spill directory and an in-memory index of its pending files (rows, bytes, age), so that a metrics scrape
 * or a health check reads counters instead of listing and opening files. The index is filled by one scan at
 * start, kept by every write, delete and move, and reconciled with the directory at each replay pass (which
 * lists it anyway), so a file moved back by hand is found.
 *
 * <p>The directory and its {@code rejected/} and {@code corrupt/} folders are private to the process's user (mode
 * 0700, checked at start when they exist, see {@link PrivateDirectory}), files are created mode 0600, and a
 * symbolic link in the directory is never read, replayed or moved. Thread-safe.
 */
public final class SpillDirectory {

    /** The suffix of a pending spill file. */
    public static final String SUFFIX = ".spill";
    /** The folder of files ClickHouse refused. */
    public static final String REJECTED = "rejected";
    /** The folder of files that failed their checksum. */
    public static final String CORRUPT = "corrupt";

    private static final Logger LOG = LoggerFactory.getLogger(SpillDirectory.class);

    /** A pending file as indexed: its table ({@code null} when its header does not say), rows, bytes and age. */
    private record Entry(TableRef table, int rows, long bytes, long modifiedMillis) {
    }

    /**
     * Where a user sets the spill directory, named in the fix of every error about it; the default {@code setting}
     * of {@link #SpillDirectory(Path, String)}.
     */
    public static final String SETTING = "clicktype.batch.spill.directory (DiskSpill.builder's directory)";

    private final Path directory;
    private final String setting;
    private final ConcurrentSkipListMap<Path, Entry> pending = new ConcurrentSkipListMap<>();
    private final SetAsideFiles rejected;
    private final SetAsideFiles corrupt;

    /**
     * As {@link #SpillDirectory(Path, String)} for the spill directory of {@code DiskSpill}.
     */
    public SpillDirectory(Path directory) {
        this(directory, SETTING);
    }

    /**
     * Creates the directory if needed (mode 0700), checks it and its {@code rejected/} and {@code corrupt/}
     * folders when they exist, and indexes what is in it.
     *
     * @param setting where the user sets the directory, named in the fix of an error
     * @throws UncheckedIOException naming the path, and for a directory another user owns or may write to its
     *                              owner, mode and the fix ({@link UnsafePathException})
     */
    public SpillDirectory(Path directory, String setting) {
        this.directory = directory;
        this.setting = setting;
        this.rejected = new SetAsideFiles(directory.resolve(REJECTED));
        this.corrupt = new SetAsideFiles(directory.resolve(CORRUPT));
        try {
            PrivateDirectory.ensure(directory, "spill directory", setting);
            PrivateDirectory.checkIfExists(directory.resolve(REJECTED), "spill directory's rejected/ folder", setting);
            PrivateDirectory.checkIfExists(directory.resolve(CORRUPT), "spill directory's corrupt/ folder", setting);
        } catch (UnsafePathException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spill directory " + directory + " (" + e.getMessage()
                    + "); set a writable directory (" + setting + ")", e);
        }
        files();
    }

    /** The directory. */
    public Path path() {
        return directory;
    }

    /**
     * Writes {@code bytes} durably under {@code name} (temp file, fsync, atomic rename, directory fsync).
     *
     * @throws IOException when it cannot be written; nothing is left behind then
     */
    public Path write(String name, byte[] bytes, int rows) throws IOException {
        return write(name, bytes, bytes, 0, rows);
    }

    /**
     * Writes {@code header} and then the first {@code length} bytes of {@code payload} durably under {@code name},
     * streamed from the caller's arrays (no copy of the payload is made).
     *
     * @throws IOException when it cannot be written; nothing is left behind then
     */
    public Path write(String name, byte[] header, byte[] payload, int length, int rows) throws IOException {
        Path target = directory.resolve(name);
        Path temp = directory.resolve(name + ".tmp");
        try {
            // A stream, not a FileChannel: the batcher interrupts its sender thread to cut a hanging insert
            // short at shutdown, and an interrupt closes a channel mid-write — the batch would be lost.
            // Created with mode 0600 first (a stream cannot be given a mode), and opened on that file: the directory
            // is private, so nothing can replace it in between.
            OwnerOnlyFiles.replace(temp);
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(header);
                out.write(payload, 0, length);
                out.getFD().sync();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        syncDirectory();
        pending.put(target, new Entry(SpillFileFormat.peek(header, header.length).table(), rows,
                (long) header.length + length, System.currentTimeMillis()));
        return target;
    }

    /** The pending files, oldest first, after reconciling the index with the directory (one listing). */
    public List<Path> files() {
        Set<Path> onDisk = new HashSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && OwnerOnlyFiles.isRegularFile(f))
                    .forEach(onDisk::add);
        } catch (IOException e) {
            LOG.warn("Cannot list spill directory {}: {}", directory, e.toString());
            return new ArrayList<>(pending.keySet());
        }
        pending.keySet().retainAll(onDisk);
        for (Path file : onDisk) {
            pending.computeIfAbsent(file, SpillDirectory::index);
        }
        return new ArrayList<>(pending.keySet());
    }

    /** The pending files, oldest first, from the index only. */
    public List<Path> indexedFiles() {
        return new ArrayList<>(pending.keySet());
    }

    /** The rows of a pending file, from the index (-1 when unknown). */
    public int rowsOf(Path file) {
        Entry entry = pending.get(file);
        return entry == null ? -1 : entry.rows();
    }

    /** The bytes of a pending file, from the index (0 when unknown). */
    public long bytesOf(Path file) {
        Entry entry = pending.get(file);
        return entry == null ? 0 : entry.bytes();
    }

    /** Deletes a pending file. */
    public void delete(Path file) {
        pending.remove(file);
        deleteQuietly(file);
    }

    /** Moves a pending file into the sub-folder {@code folder} (e.g. {@code corrupt}), where it is not replayed. */
    public void moveAside(Path file, String folder, String reason) {
        Entry entry = pending.remove(file);
        try {
            Path aside = PrivateDirectory.ensure(directory.resolve(folder), "spill directory's " + folder + "/ folder",
                    setting);
            Path target = aside.resolve(file.getFileName());
            // a move renames the entry itself: a link would be moved, never what it points to
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            SetAsideFiles held = setAside(folder);
            if (held != null) {
                held.added(target, entry == null ? SpillFileFormat.rowsOf(target) : entry.rows());
            }
            LOG.error("Spill file moved to {}: {}. It is not replayed; inspect it, fix the cause, and move it back to "
                    + "{} to replay it.", target, io.clicktype.batch.text.Clause.of(reason), directory);
        } catch (IOException e) {
            LOG.error("Could not move {} aside ({}): {}", file, reason, e.toString());
        }
    }

    /**
     * What the folder {@code folder} ({@link #REJECTED} or {@link #CORRUPT}) holds now, set aside by this run or
     * an earlier one; {@code null} for another name.
     */
    public SetAsideFiles setAside(String folder) {
        return REJECTED.equals(folder) ? rejected : CORRUPT.equals(folder) ? corrupt : null;
    }

    /** Pending files, rows and bytes, and the age of the oldest, from the index. */
    public Totals totals() {
        int files = 0;
        long rows = 0;
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Path, Entry> entry : pending.entrySet()) {
            files++;
            rows += Math.max(0, entry.getValue().rows());
            bytes += entry.getValue().bytes();
            oldest = Math.min(oldest, entry.getValue().modifiedMillis());
        }
        Duration age = files == 0 ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
        return new Totals(files, rows, bytes, age);
    }

    /** Rows pending for {@code table}, from the index (files whose header could not be read count none). */
    public long pendingRows(TableRef table) {
        long rows = 0;
        for (Entry entry : pending.values()) {
            if (table.equals(entry.table())) {
                rows += Math.max(0, entry.rows());
            }
        }
        return rows;
    }

    /**
     * @param files     pending files
     * @param rows      rows in them
     * @param bytes     their bytes
     * @param oldestAge age of the oldest, {@link Duration#ZERO} when none
     */
    public record Totals(int files, long rows, long bytes, Duration oldestAge) {
    }

    private static Entry index(Path file) {
        try {
            SpillFileFormat.Peek peek = SpillFileFormat.peek(file);
            return new Entry(peek.table(), peek.rows(), Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return new Entry(null, -1, 0, System.currentTimeMillis());
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can fsync a directory; the rename is still atomic.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.toString());
        }
    }
}
