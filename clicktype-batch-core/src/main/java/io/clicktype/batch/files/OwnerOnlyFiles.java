package io.clicktype.batch.files;

import io.clicktype.batch.UnsafePathException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files only the process's user may read or write: created with mode 0600 given to {@code open(O_CREAT|O_EXCL)}
 * itself (whatever the umask, no other user ever gets a bit), never through a symbolic link. Files are then
 * written through whatever stream suits the caller, opened on the file this created.
 */
public final class OwnerOnlyFiles {

    /** Mode 0600. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /**
     * Creates a new empty file with mode 0600; fails if anything (a file, a link) is already at {@code file}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when something is there
     */
    public static Path createNew(Path file) throws IOException {
        if (!PathCheck.isPosix(file)) {
            return Files.createFile(file);
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        restoreOwnerBits(file);
        return file;
    }

    /**
     * Deletes whatever is at {@code file} (a leftover temp file) and creates it new with mode 0600.
     */
    public static Path replace(Path file) throws IOException {
        Files.deleteIfExists(file);
        return createNew(file);
    }

    /**
     * Opens {@code file} as {@link FileChannel#open(Path, Set, FileAttribute[])} does, never through a symbolic link,
     * and with mode 0600 if this creates it.
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(List.of(options));
        set.add(LinkOption.NOFOLLOW_LINKS);
        if (!PathCheck.isPosix(file)) {
            return FileChannel.open(file, set);
        }
        boolean creates = set.contains(StandardOpenOption.CREATE_NEW)
                || set.contains(StandardOpenOption.CREATE) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = FileChannel.open(file, set, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        if (creates) {
            restoreOwnerBits(file);
        }
        return channel;
    }

    /**
     * Checks an existing file the library did not necessarily create (a lock file left by an earlier process): a
     * regular file, not a link, owned by the process's user, writable by nobody else.
     *
     * @throws UnsafePathException naming path, owner, mode and fix
     */
    public static void check(Path file, String kind, String setting) throws IOException {
        if (PathCheck.isPosix(file)) {
            PathCheck.require(file, false, kind, setting);
        }
    }

    /** Whether {@code file} is a regular file itself, not a symbolic link to one. */
    public static boolean isRegularFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** A umask that takes the owner's own bits (0600 and up) made the file unusable: give them back (adds only). */
    private static void restoreOwnerBits(Path file) throws IOException {
        if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }
}
