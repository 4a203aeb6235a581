package io.clicktype.batch.wal;

import io.clicktype.batch.files.DirectoryLock;
import io.clicktype.batch.files.OwnerOnlyFiles;
import io.clicktype.batch.files.PrivateDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of one table's log, apart from its segments: the {@code lock} file held while the log is open
 * (one directory, one writer), the log's identity ({@code log.id}), the spare segment a mapped log prepares ahead
 * ({@code next.spare}, a file of zeros) and the acknowledged segments it keeps for reuse ({@code reuse-<n>.spare}),
 * the {@code rejected/} folder, and directory fsyncs after files come and go.
 *
 * <p>The directory, its {@code rejected/} folder and the lock file are private to the process's user: created mode
 * 0700 and 0600, and refused at start when they exist but another user owns them or may write to them
 * ({@link PrivateDirectory}). Thread-safe.
 */
final class WalDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalDirectory.class);
    private static final String ID_FILE = "log.id";
    private static final String REJECTED = "rejected";
    private static final String SPARE = "next.spare";
    private static final String REUSABLE_PREFIX = "reuse-";
    private static final String SPARE_SUFFIX = ".spare";
    private static final String SETTING = "clicktype.batch.wal.directory (WalConfig.directory)";

    private final Path path;
    private final DirectoryLock lock;

    private WalDirectory(Path path, DirectoryLock lock) {
        this.path = path;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed (with {@code root}, the directory of every table's log, if it is a parent),
     * checks them, locks it, and deletes the spare and reusable segments an earlier process left.
     *
     * @param root the configured directory of all logs, or {@code null}; checked as well when it holds {@code path}
     * @throws io.clicktype.batch.UnsafePathException when a directory or the lock file is another user's, or
     *         writable by others, or a symbolic link
     * @throws IOException naming the fix when another log holds the directory
     */
    static WalDirectory lock(Path path, Path root) throws IOException {
        if (root != null && path.startsWith(root) && !path.equals(root)) {
            PrivateDirectory.ensure(root, "write-ahead log directory", SETTING);
        }
        PrivateDirectory.ensure(path, "write-ahead log directory", SETTING);
        PrivateDirectory.checkIfExists(path.resolve(REJECTED), "write-ahead log's rejected/ folder", SETTING);
        DirectoryLock locked = DirectoryLock.acquire(path, "write-ahead log", SETTING);
        try {
            Files.deleteIfExists(path.resolve(SPARE));
            Files.deleteIfExists(path.resolve(SPARE + ".tmp"));
            try (DirectoryStream<Path> kept = Files.newDirectoryStream(path, REUSABLE_PREFIX + "*" + SPARE_SUFFIX)) {
                for (Path file : kept) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            locked.close();
            throw e;
        }
        return new WalDirectory(path, locked);
    }

    /** The directory. */
    Path path() {
        return path;
    }

    /** Where batches ClickHouse refused are kept, as spill files. */
    Path rejected() {
        return path.resolve(REJECTED);
    }

    /**
     * The log's identity, part of every token: new whenever the log starts empty, so that positions starting again
     * at 0 never repeat an earlier batch's token (which the server would drop as a duplicate).
     */
    String logId(boolean empty) throws IOException {
        Path file = path.resolve(ID_FILE);
        if (!empty && OwnerOnlyFiles.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        if (!empty) {
            LOG.warn("Write-ahead log {} has segments but no {}: batches replayed from it get new deduplication "
                    + "tokens and may be stored twice", path, ID_FILE);
        }
        String id = UUID.randomUUID().toString();
        Path temp = path.resolve(ID_FILE + ".tmp");
        OwnerOnlyFiles.replace(temp);
        Files.writeString(temp, id, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sync();
        return id;
    }

    /** Writes a zero-filled spare segment of {@code capacity} record bytes (temp file, then rename). */
    void prepareSpare(int capacity) throws IOException {
        Path temp = path.resolve(SPARE + ".tmp");
        WalSegment.zeroFilled(temp, capacity);
        Files.move(temp, spare(), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The spare segment's file. */
    Path spare() {
        return path.resolve(SPARE);
    }

    /**
     * Closes an acknowledged segment and renames it to {@code file} ({@link #reusable}), its records left in place:
     * a later segment is written into its blocks ({@link WalSegment#recycled}).
     */
    void recycle(WalSegment segment, Path file) throws IOException {
        segment.close();
        Files.move(segment.file, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The name of the {@code n}th acknowledged segment kept for reuse; such files are deleted at start. */
    Path reusable(long n) {
        return path.resolve(REUSABLE_PREFIX + n + SPARE_SUFFIX);
    }

    /** Closes and deletes an acknowledged segment. */
    void delete(WalSegment segment) {
        segment.close();
        try {
            Files.deleteIfExists(segment.file);
        } catch (IOException e) {
            LOG.warn("Could not delete acknowledged write-ahead log segment {}: {}", segment.file, e.toString());
        }
    }

    /** Forces the directory, so that files created, renamed or deleted stay so after a power loss. */
    void sync() {
        try (FileChannel dir = FileChannel.open(path, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can fsync a directory
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        lock.close();
    }
}
