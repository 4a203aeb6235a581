package io.clicktype.batch.files;

import io.clicktype.batch.UnsafePathException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {

    private static final String SETTING = "clicktype.batch.spill.directory";

    @TempDir
    Path tmp;

    @Test
    void createsEveryMissingLevelWithMode0700() throws Exception {
        Path leaf = tmp.resolve("a/b/c");
        PrivateDirectory.ensure(leaf, "spill directory", SETTING);
        for (Path level : new Path[] {tmp.resolve("a"), tmp.resolve("a/b"), leaf}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(level))).as(level.toString())
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void acceptsAnExistingDirectoryOfOursThatOthersCannotWrite() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mine"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        PrivateDirectory.ensure(dir, "spill directory", SETTING);
        // an existing directory is checked, never changed
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
    }

    @Test
    void refusesAGroupWritableDirectoryNamingPathOwnerModeAndFix() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        String owner = Files.getOwner(dir).getName();
        assertThatThrownBy(() -> PrivateDirectory.ensure(dir, "spill directory", SETTING))
                .isInstanceOfSatisfying(UnsafePathException.class, e -> {
                    assertThat(e.path()).isEqualTo(dir);
                    assertThat(e.owner()).isEqualTo(owner);
                    assertThat(e.mode()).isEqualTo("0770");
                })
                .hasMessageContaining("The spill directory " + dir + " is writable by its group")
                .hasMessageContaining("owner " + owner + ", mode 0770 rwxrwx---")
                .hasMessageContaining("chmod 700 " + dir)
                .hasMessageContaining("or set " + SETTING);
    }

    @Test
    void refusesAWorldWritableDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("world"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.ensure(dir, "spill directory", SETTING))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("is writable by its group and by every other user")
                .hasMessageContaining("mode 0777");
    }

    @Test
    void refusesADirectoryOfAnotherUser() throws Exception {
        UserPrincipal nobody = anotherUser();
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setOwner(dir, nobody);
        assertThatThrownBy(() -> PrivateDirectory.ensure(dir, "write-ahead log directory", "clicktype.batch.wal.directory"))
                .isInstanceOfSatisfying(UnsafePathException.class, e -> assertThat(e.owner()).isEqualTo(nobody.getName()))
                .hasMessageContaining("The write-ahead log directory " + dir + " is owned by " + nobody.getName()
                        + ", not by " + System.getProperty("user.name"))
                .hasMessageContaining("mode 0700")
                .hasMessageContaining("chown " + System.getProperty("user.name") + " " + dir);
    }

    @Test
    void refusesADirectoryThatIsASymbolicLink() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertThatThrownBy(() -> PrivateDirectory.ensure(link, "spill directory", SETTING))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("is a symbolic link (to " + target)
                .hasMessageContaining("Set " + SETTING + " to the real directory (" + target + ")");
    }

    @Test
    void aMissingSubFolderIsNotCreatedByTheCheck() throws Exception {
        PrivateDirectory.checkIfExists(tmp.resolve("rejected"), "rejected/ folder", SETTING);
        assertThat(tmp.resolve("rejected")).doesNotExist();
        Path rejected = Files.createDirectory(tmp.resolve("rejected"));
        Files.setPosixFilePermissions(rejected, PosixFilePermissions.fromString("rwx-w--w-"));
        assertThatThrownBy(() -> PrivateDirectory.checkIfExists(rejected, "rejected/ folder", SETTING))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("mode 0722");
    }

    @Test
    void underThePerUserTempDirectoryEveryExistingLevelIsChecked() throws Exception {
        String saved = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            Path base = PrivateDirectory.userTempBase();
            assertThat(base.getParent()).isEqualTo(tmp);
            assertThat(base.getFileName().toString()).isEqualTo("clicktype-batch-" + System.getProperty("user.name"));
            // someone else made the per-user directory first, writable by all: the leaf below it would be ours,
            // but whoever can write the parent can swap it
            Files.createDirectory(base);
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
            assertThatThrownBy(() -> PrivateDirectory.ensure(base.resolve("spill/app"), "spill directory", SETTING))
                    .isInstanceOf(UnsafePathException.class)
                    .hasMessageContaining("The per-user directory " + base + " is writable");
            assertThat(base.resolve("spill")).doesNotExist();
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsNamed() throws Exception {
        Path file = Files.createFile(tmp.resolve("file"));
        assertThatThrownBy(() -> PrivateDirectory.ensure(file, "spill directory", SETTING))
                .hasMessageContaining("The spill directory " + file + " exists but is not a directory");
    }

    @Test
    void formatsModesInOctal() {
        assertThat(PathCheck.octal(PosixFilePermissions.fromString("rwxr-x--x"))).isEqualTo("0751");
        assertThat(PathCheck.octal(PosixFilePermissions.fromString("rw-------"))).isEqualTo("0600");
        assertThat(PathCheck.octal(PosixFilePermissions.fromString("---------"))).isEqualTo("0000");
    }

    /** uid 65534 (nobody): only root can give a directory away. */
    static UserPrincipal anotherUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "giving a directory to another user (chown 65534) needs root; this test runs as "
                        + System.getProperty("user.name"));
        Path probe = Files.createTempFile("owner-probe", "");
        try {
            Files.setAttribute(probe, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
            return Files.getOwner(probe);
        } finally {
            Files.delete(probe);
        }
    }
}
