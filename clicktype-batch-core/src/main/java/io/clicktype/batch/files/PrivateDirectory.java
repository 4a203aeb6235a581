package io.clicktype.batch.files;

import io.clicktype.batch.UnsafePathException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * A directory only the process's user may enter: created with mode 0700 (the mode is given to {@code mkdir}
 * itself, so the umask can only take bits away, never add them, and no other user can open it in between), and,
 * when it already exists, refused unless it is a real directory (not a symbolic link) owned by the process's user
 * and writable by nobody else — as PostgreSQL checks its data directory. Missing parents are created the same
 * way. Under the per-user temp directory ({@link #userTempBase()}) every level that exists is checked, since
 * anyone can create a path in the shared temp directory before the application starts.
 *
 * <p>On a file system without POSIX permissions the directory is created with the platform's defaults and not
 * checked.
 */
public final class PrivateDirectory {

    /** Mode 0700. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectory() {
    }

    /**
     * {@code ${java.io.tmpdir}/clicktype-batch-<user>}: the base of the default spill and log directories, one per
     * user, so that the default is never a directory another user of a shared host created first.
     */
    public static Path userTempBase() {
        return Path.of(System.getProperty("java.io.tmpdir"), "clicktype-batch-" + CurrentUser.fileNamePart());
    }

    /**
     * Whether {@code directory} lies in the temp directory ({@code java.io.tmpdir}), which a reboot or a container's
     * restart may empty: rows kept there do not outlive the machine or the container, which is not what a spill or a
     * write-ahead log is for.
     */
    public static boolean isUnderTemp(Path directory) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        return directory.toAbsolutePath().normalize().startsWith(temp);
    }

    /**
     * Creates {@code directory} (and missing parents) with mode 0700, or checks the existing one.
     *
     * @param kind    what it is, for messages ("spill directory")
     * @param setting where the user sets it, for the fix ("clicktype.batch.spill.directory")
     * @return {@code directory}
     * @throws UnsafePathException when an existing level is a symbolic link, another user's, or writable by others
     * @throws IOException         when it cannot be created or read
     */
    public static Path ensure(Path directory, String kind, String setting) throws IOException {
        if (!PathCheck.isPosix(directory)) {
            return Files.createDirectories(directory);
        }
        Path absolute = directory.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path level = absolute; level != null && !Files.exists(level, LinkOption.NOFOLLOW_LINKS);
                level = level.getParent()) {
            missing.push(level);
        }
        checkBase(absolute, missing, kind, setting);
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        while (!missing.isEmpty()) {
            Path level = missing.pop();
            try {
                Files.createDirectory(level, mode);
                if (!Files.getPosixFilePermissions(level, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
                    // a umask that takes the owner's own bits (0700 and up): give them back; this only adds bits
                    Files.setPosixFilePermissions(level, OWNER_ONLY);
                }
            } catch (FileAlreadyExistsException e) {
                // created meanwhile, by another thread or someone else: the checks below decide
                if (isUnderBase(level) || level.equals(absolute)) {
                    PathCheck.require(level, true, kind, setting);
                }
            }
        }
        PathCheck.require(absolute, true, kind, setting);
        return directory;
    }

    /**
     * Checks {@code directory} if it exists (a sub-folder such as {@code rejected/} that is created when first
     * needed), without creating it.
     *
     * @throws UnsafePathException as {@link #ensure}
     */
    public static void checkIfExists(Path directory, String kind, String setting) throws IOException {
        if (PathCheck.isPosix(directory) && Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            PathCheck.require(directory, true, kind, setting);
        }
    }

    /** Checks every existing level from the per-user temp base down to the first missing one. */
    private static void checkBase(Path absolute, Deque<Path> missing, String kind, String setting) throws IOException {
        Path base = userTempBase().toAbsolutePath();
        if (!absolute.startsWith(base)) {
            return;
        }
        for (Path level = base; ; level = level.resolve(absolute.getName(level.getNameCount()))) {
            if (missing.contains(level)) {
                return;
            }
            PathCheck.require(level, true, level.equals(absolute) ? kind : "per-user directory", setting);
            if (level.equals(absolute)) {
                return;
            }
        }
    }

    private static boolean isUnderBase(Path level) {
        return level.startsWith(userTempBase().toAbsolutePath());
    }
}
