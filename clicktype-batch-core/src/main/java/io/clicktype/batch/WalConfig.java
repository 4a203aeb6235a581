package io.clicktype.batch;

import io.clicktype.batch.files.PrivateDirectory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The write-ahead log of {@link Durability#WAL}, validated at construction: a bad field is a
 * {@link ConfigValueException} naming it, its value and the allowed range.
 *
 * <p>Each table logs into its own sub-directory of {@link #directory()}; one directory belongs to one
 * application instance at a time.
 *
 * @param directory     where the per-table logs live; a persistent local disk (default
 *                      {@code ${java.io.tmpdir}/clicktype-batch-<user>/wal}, see {@link #defaults()}); created
 *                      mode 0700, and refused at start when another user owns it or may write to it
 * @param fsync         when the log is forced to disk (default {@link WalFsync#ALWAYS})
 * @param fsyncInterval time between forces with {@link WalFsync#INTERVAL} (default 100 ms, 1 ms to 1 min)
 * @param maxSize       bytes each table's log may take on disk, at least 4 MiB (default 1 GiB); when full,
 *                      inserts wait up to {@code maxBlock} for acknowledged segments to be deleted, then fail
 */
public record WalConfig(Path directory, WalFsync fsync, Duration fsyncInterval, long maxSize) {

    /** Smallest {@link #maxSize()}: room for a few segments. */
    public static final long MIN_SIZE = 4L * 1024 * 1024;

    /** Validates every field. */
    public WalConfig {
        if (directory == null) {
            throw new ConfigValueException("wal.directory", null, "wal.directory must be set, was null");
        }
        if (fsync == null) {
            throw new ConfigValueException("wal.fsync", null, "wal.fsync must be set (always or interval), was null");
        }
        if (fsyncInterval == null || fsyncInterval.toMillis() < 1 || fsyncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigValueException("wal.fsyncInterval", fsyncInterval,
                    "wal.fsyncInterval must be in [1ms, 1m], was " + fsyncInterval);
        }
        if (maxSize < MIN_SIZE) {
            throw new ConfigValueException("wal.maxSize", maxSize, "wal.maxSize must be in [" + MIN_SIZE + ", "
                    + Long.MAX_VALUE + "] bytes, was " + maxSize);
        }
    }

    /**
     * The defaults: {@code ${java.io.tmpdir}/clicktype-batch-<user>/wal} (a directory of the process's user, mode
     * 0700, never one another user of a shared host could have created first; {@code <user>} is {@code user.name}
     * reduced to {@code [A-Za-z0-9_.-]}), fsync always, 100 ms, 1 GiB. A temp directory may be wiped at reboot: in
     * production set a persistent local disk.
     */
    public static WalConfig defaults() {
        return new WalConfig(PrivateDirectory.userTempBase().resolve("wal"), WalFsync.ALWAYS, Duration.ofMillis(100),
                1L << 30);
    }

    /**
     * The default log directory of one application, as the Spring Boot starter uses it:
     * {@code ${java.io.tmpdir}/clicktype-batch-<user>/wal/<application>}, {@code <application>} reduced to
     * {@code [A-Za-z0-9_.-]} as {@link DiskSpill#defaultDirectory(String)} does (so a name cannot leave the
     * directory); {@link #defaults()}'s directory when the application has no name. Either way each table logs in
     * its own locked sub-directory, so two applications that share one fail at start, naming the setting.
     */
    public static Path defaultDirectory(String application) {
        Path base = PrivateDirectory.userTempBase().resolve("wal");
        return application == null || application.isBlank() ? base : base.resolve(DiskSpill.fileNamePart(application));
    }

    /** This configuration in another directory. */
    public WalConfig withDirectory(Path value) {
        return new WalConfig(value, fsync, fsyncInterval, maxSize);
    }

    /** This configuration with another fsync policy. */
    public WalConfig withFsync(WalFsync value) {
        return new WalConfig(directory, value, fsyncInterval, maxSize);
    }

    /** This configuration with another fsync interval. */
    public WalConfig withFsyncInterval(Duration value) {
        return new WalConfig(directory, fsync, value, maxSize);
    }

    /** This configuration with another size bound. */
    public WalConfig withMaxSize(long value) {
        return new WalConfig(directory, fsync, fsyncInterval, value);
    }
}
