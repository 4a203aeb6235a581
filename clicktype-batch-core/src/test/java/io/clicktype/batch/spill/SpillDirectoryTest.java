package io.clicktype.batch.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TableRef;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillDirectoryTest {

    @TempDir
    Path tmp;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static byte[] spillFile() {
        return SpillFileFormat.encode(new SpillRecord(new TableRef("db", "t"), List.of("x"), 1, null, new byte[] {1},
                null));
    }

    /** Rows pending per table, from files written by this process and from files found at start. */
    @Test
    void pendingRowsAreCountedPerTableAlsoForFilesFoundAtStart() throws Exception {
        Path dir = tmp.resolve("spill");
        SpillDirectory directory = new SpillDirectory(dir);
        TableRef odd = new TableRef(null, "t.a,b\nc");
        directory.write("1.spill", SpillFileFormat.encode(new SpillRecord(odd, List.of("x"), 3, null,
                new byte[] {1, 2, 3}, null)), 3);
        directory.write("2.spill", spillFile(), 1);
        directory.write("3.spill", SpillFileFormat.encode(new SpillRecord(odd, List.of("x"), 2, null,
                new byte[] {1, 2}, null)), 2);

        assertThat(directory.pendingRows(odd)).isEqualTo(5);
        assertThat(directory.pendingRows(new TableRef("db", "t"))).isEqualTo(1);
        assertThat(directory.pendingRows(TableRef.of("t"))).isZero();

        SpillDirectory restarted = new SpillDirectory(dir);
        assertThat(restarted.pendingRows(odd)).isEqualTo(5);
        assertThat(restarted.pendingRows(new TableRef("db", "t"))).isEqualTo(1);
    }

    @Test
    void directoryFilesAndFoldersAreOwnerOnly() throws Exception {
        SpillDirectory directory = new SpillDirectory(tmp.resolve("spill/app"));
        Path file = directory.write("a.spill", spillFile(), 1);
        directory.moveAside(file, SpillDirectory.CORRUPT, "test");
        assertThat(mode(tmp.resolve("spill"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("spill/app"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("spill/app/corrupt"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("spill/app/corrupt/a.spill"))).isEqualTo("rw-------");
    }

    @Test
    void aLinkInTheDirectoryIsNeitherIndexedNorReplayed() throws Exception {
        Path outside = Files.write(tmp.resolve("outside.spill"), spillFile());
        Path dir = Files.createDirectory(tmp.resolve("spill"));
        Files.createSymbolicLink(dir.resolve("planted.spill"), outside);
        Path real = Files.write(dir.resolve("real.spill"), spillFile());
        SpillDirectory directory = new SpillDirectory(dir);
        assertThat(directory.files()).containsExactly(real);
        assertThatThrownBy(() -> SpillFileFormat.read(dir.resolve("planted.spill"))).hasMessageContaining("NOFOLLOW");
    }

    @Test
    void aRejectedFolderOthersMayWriteRefusesTheStart() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("spill"));
        Path rejected = Files.createDirectory(dir.resolve("rejected"));
        Files.setPosixFilePermissions(rejected, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new SpillDirectory(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("The spill directory's rejected/ folder " + rejected + " is writable")
                .hasMessageContaining("set clicktype.batch.spill.directory");
    }
}
