package io.clicktype.batch.files;

import io.clicktype.batch.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The check shared by directories and files: an existing entry must not be a symbolic link, must belong to the
 * process's user, and must not be writable by its group or by others.
 */
final class PathCheck {

    private PathCheck() {
    }

    /** Whether the file system of {@code path} has POSIX owners and modes. */
    static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Checks an existing entry, read without following a link.
     *
     * @param kind    what it is, for the message ("spill directory", "write-ahead log lock file")
     * @param setting where the user sets the path, for the fix
     * @return its attributes
     * @throws UnsafePathException naming path, owner, mode and fix
     * @throws IOException         when it cannot be read, or is not of the expected type
     */
    static PosixFileAttributes require(Path path, boolean directory, String kind, String setting) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        String owner = attributes.owner().getName();
        if (attributes.isSymbolicLink()) {
            String target = String.valueOf(Files.readSymbolicLink(path));
            throw new UnsafePathException(path, owner, "symbolic link to " + target, "The " + kind + " " + path
                    + " is a symbolic link (to " + target + ", link owned by " + owner + "): it is not followed, "
                    + "since whoever can change the link decides where rows are written and what is read back.",
                    "Set " + setting + " to the real directory" + (directory ? " (" + target + ")" : "")
                    + " instead of the link.");
        }
        if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            throw new IOException("The " + kind + " " + path + " exists but is not a " + (directory ? "directory"
                    : "regular file") + "; remove it or set " + setting + " to another path.");
        }
        UserPrincipal user = CurrentUser.of(path.getFileSystem());
        Set<PosixFilePermission> permissions = attributes.permissions();
        String mode = octal(permissions);
        boolean foreign = !attributes.owner().equals(user);
        boolean writable = permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        if (foreign || writable) {
            String problem = foreign && writable ? "is owned by " + owner + ", not by " + user.getName()
                    + " (the user this process runs as), and is writable by " + writers(permissions)
                    : foreign ? "is owned by " + owner + ", not by " + user.getName() + " (the user this process "
                    + "runs as)" : "is writable by " + writers(permissions);
            String chmod = directory ? "700" : "600";
            throw new UnsafePathException(path, owner, mode, "The " + kind + " " + path + " " + problem + " (owner "
                    + owner + ", mode " + mode + " " + PosixFilePermissions.toString(permissions) + "). Another user "
                    + "could read the rows kept there or put files there that would be sent to ClickHouse with this "
                    + "application's credentials, so it is refused.", "`chown " + user.getName() + " " + path
                    + " && chmod " + chmod + " " + path + "` (as root), or set " + setting + " to a directory that "
                    + "only " + user.getName() + " owns and writes (the library creates a missing one with mode 0700).");
        }
        return attributes;
    }

    /** A mode as four octal digits, e.g. {@code 0755}. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("0%03o", mode);
    }

    private static String writers(Set<PosixFilePermission> permissions) {
        boolean group = permissions.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = permissions.contains(PosixFilePermission.OTHERS_WRITE);
        return group && others ? "its group and by every other user" : group ? "its group" : "every other user";
    }
}
