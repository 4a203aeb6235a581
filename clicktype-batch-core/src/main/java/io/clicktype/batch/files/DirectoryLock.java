package io.clicktype.batch.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive claim on a directory by one owner in one process: an OS file lock on the directory's {@code lock}
 * file (mode 0600), held until {@link #close()} or the process's end (the OS releases it even after a crash, so a
 * stale file never blocks a restart).
 *
 * <p>Why: a write-ahead log or a spill directory shared by two owners would have both replay the same files, into
 * possibly different servers, and delete each other's work. Two applications that leave their directory at its
 * default (no {@code spring.application.name}) would otherwise meet in the same one without a word.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock file's name in the directory. */
    public static final String FILE_NAME = "lock";

    private final FileChannel channel;

    private DirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Claims {@code directory}, which must exist and have been checked as private.
     *
     * @param kind    whose directory it is, for messages ("spill": "the spill directory", "the spill lock file")
     * @param setting where the user sets it, for the fix
     * @throws io.clicktype.batch.UnsafePathException when the lock file is another user's or others may write it
     * @throws IOException saying that another owner holds it (in this process or another) and the fix: a directory
     *                     of its own for each application instance, set in {@code setting}
     */
    public static DirectoryLock acquire(Path directory, String kind, String setting) throws IOException {
        Path lockFile = directory.resolve(FILE_NAME);
        FileChannel channel = OwnerOnlyFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            OwnerOnlyFiles.check(lockFile, kind + " lock file", setting);
            if (channel.tryLock() != null) {
                return new DirectoryLock(channel);
            }
        } catch (OverlappingFileLockException e) {
            // held by another owner in this JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        throw new IOException("the " + kind + " directory " + directory + " is in use by another owner (another batcher or "
                + "spill in this process, or another process); give each application instance its own: set " + setting
                + " (under Spring Boot, a distinct spring.application.name also gives each application its own "
                + "default directory)");
    }

    /** Releases the claim. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock either way
        }
    }
}
