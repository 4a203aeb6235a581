package io.clicktype.batch.files;

import io.clicktype.batch.UnsafePathException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void createsFilesWithMode0600() throws Exception {
        Path file = OwnerOnlyFiles.createNew(tmp.resolve("a"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (FileChannel channel = OwnerOnlyFiles.open(tmp.resolve("b"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("b"))))
                .isEqualTo("rw-------");
    }

    @Test
    void neverCreatesThroughALink() throws Exception {
        Path target = tmp.resolve("elsewhere");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertThatThrownBy(() -> OwnerOnlyFiles.createNew(link)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> OwnerOnlyFiles.open(link, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("NOFOLLOW_LINKS");
        assertThat(target).doesNotExist();
        // replace removes the link itself and creates a file of ours in its place
        OwnerOnlyFiles.replace(link);
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(OwnerOnlyFiles.isRegularFile(link)).isTrue();
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesAnExistingFileOthersMayWrite() throws Exception {
        Path lock = Files.createFile(tmp.resolve("lock"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> OwnerOnlyFiles.check(lock, "write-ahead log lock file", "clicktype.batch.wal.directory"))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("The write-ahead log lock file " + lock + " is writable")
                .hasMessageContaining("mode 0666")
                .hasMessageContaining("chmod 600 " + lock);
    }

    @Test
    void refusesAnExistingFileOfAnotherUser() throws Exception {
        var nobody = PrivateDirectoryTest.anotherUser();
        Path lock = Files.createFile(tmp.resolve("lock"));
        Files.setOwner(lock, nobody);
        assertThatThrownBy(() -> OwnerOnlyFiles.check(lock, "write-ahead log lock file", "clicktype.batch.wal.directory"))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("is owned by " + nobody.getName());
    }

    @Test
    void aLinkIsNotARegularFile() throws Exception {
        Path file = Files.createFile(tmp.resolve("f"));
        assertThat(OwnerOnlyFiles.isRegularFile(file)).isTrue();
        assertThat(OwnerOnlyFiles.isRegularFile(Files.createSymbolicLink(tmp.resolve("l"), file))).isFalse();
    }
}
