package io.clicktype.batch.files;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user this process runs as, as the file system names owners. On Linux the owner of {@code /proc/self}, which
 * is the process's effective uid even when it has no name (a container started with an arbitrary uid); elsewhere
 * the principal named by {@code user.name}.
 */
final class CurrentUser {

    private static volatile UserPrincipal cached;

    private CurrentUser() {
    }

    /**
     * @throws IOException when the file system cannot name the process's user
     */
    static UserPrincipal of(FileSystem fileSystem) throws IOException {
        UserPrincipal user = cached;
        if (user == null) {
            Path self = fileSystem.getPath("/proc/self");
            user = Files.isDirectory(self, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(self)
                    ? Files.getOwner(self)
                    : fileSystem.getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            cached = user;
        }
        return user;
    }

    /** {@code user.name} reduced to {@code [A-Za-z0-9_.-]}, for a directory name ({@code _} when nothing is left). */
    static String fileNamePart() {
        String name = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.isEmpty() || name.chars().allMatch(c -> c == '.') ? "_" : name;
    }
}
