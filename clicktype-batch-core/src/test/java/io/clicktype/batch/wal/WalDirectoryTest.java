package io.clicktype.batch.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.UnsafePathException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalDirectoryTest {

    @TempDir
    Path tmp;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void directoriesLockIdAndSegmentsAreOwnerOnly() throws Exception {
        Path root = tmp.resolve("wal");
        try (WalDirectory directory = WalDirectory.lock(root.resolve("db.events"), root)) {
            directory.logId(true);
            directory.prepareSpare(1024);
            WalSegment.create(directory.path(), 0, 1024, null).close();
            WalSegment.create(directory.path(), 1024, 1024, directory.spare()).close();
        }
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("db.events"))).isEqualTo("rwx------");
        for (String file : new String[] {"lock", "log.id", WalSegment.name(0), WalSegment.name(1024)}) {
            assertThat(mode(root.resolve("db.events").resolve(file))).as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void aLockFileOthersMayWriteIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("t"));
        Path lock = Files.createFile(dir.resolve("lock"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> WalDirectory.lock(dir, null)).isInstanceOf(UnsafePathException.class)
                .hasMessageStartingWith("The write-ahead log lock file " + lock + " is writable")
                .hasMessageContaining("clicktype.batch.wal.directory");
    }

    @Test
    void aGroupWritableRootOrRejectedFolderIsRefused() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("wal"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> WalDirectory.lock(root.resolve("t"), root)).isInstanceOf(UnsafePathException.class)
                .hasMessageStartingWith("The write-ahead log directory " + root + " is writable by its group");
        assertThat(root.resolve("t")).doesNotExist();

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Path rejected = Files.createDirectories(root.resolve("t/rejected"));
        Files.setPosixFilePermissions(rejected, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> WalDirectory.lock(root.resolve("t"), root)).isInstanceOf(UnsafePathException.class)
                .hasMessageStartingWith("The write-ahead log's rejected/ folder " + rejected);
    }

    @Test
    void aLinkedSegmentIsNotReplayed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("t"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        WalSegment.create(outside, 0, 1024, null).close();
        Files.createSymbolicLink(dir.resolve(WalSegment.name(0)), outside.resolve(WalSegment.name(0)));
        assertThat(WalRecovery.scan(dir, 1024).segments).isEmpty();
    }
}
