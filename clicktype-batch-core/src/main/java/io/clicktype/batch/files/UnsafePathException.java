package io.clicktype.batch.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A directory or file the library would keep rows in, refused because another user owns it, may write to it, or
 * it is a symbolic link. The message names the path, its owner and mode, and the fix.
 */
public final class UnsafePathException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String owner;
    private final String mode;

    UnsafePathException(Path path, String owner, String mode, String message) {
        super(message);
        this.path = path;
        this.owner = owner;
        this.mode = mode;
    }

    /** The refused path. */
    public Path path() {
        return path;
    }

    /** Its owner's name, as the file system reports it. */
    public String owner() {
        return owner;
    }

    /** Its mode, four octal digits (e.g. {@code 0777}), or the link's target for a symbolic link. */
    public String mode() {
        return mode;
    }
}
