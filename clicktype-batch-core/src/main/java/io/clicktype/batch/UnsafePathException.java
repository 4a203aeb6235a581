package io.clicktype.batch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A directory or file where the library would keep rows (spill directory, write-ahead log, their {@code rejected/}
 * and {@code corrupt/} folders, the log's lock file), refused at start because another user owns it, its group or
 * other users may write to it, or it is a symbolic link: another user could read the rows, or plant files that would
 * be sent to ClickHouse with the application's credentials. {@link #getMessage()} is {@link #problem()} followed by
 * {@link #fix()}. Thrown by {@link DiskSpill.Builder#build()} and {@link Batcher#start()} as the cause of an
 * {@link java.io.UncheckedIOException}; see docs/security.md.
 */
public final class UnsafePathException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String owner;
    private final String mode;
    private final String problem;
    private final String fix;

    /**
     * Made by the library's directory checks.
     *
     * @param path    the refused path
     * @param owner   its owner's name
     * @param mode    its mode (four octal digits), or for a link what it points to
     * @param problem what is wrong, naming path, owner and mode
     * @param fix     what to do about it
     */
    public UnsafePathException(Path path, String owner, String mode, String problem, String fix) {
        super(problem + " Fix: " + fix);
        this.path = path;
        this.owner = owner;
        this.mode = mode;
        this.problem = problem;
        this.fix = fix;
    }

    /** The refused path. */
    public Path path() {
        return path;
    }

    /** Its owner's name, as the file system reports it. */
    public String owner() {
        return owner;
    }

    /** Its mode, four octal digits (e.g. {@code 0777}), or {@code symbolic link to <target>}. */
    public String mode() {
        return mode;
    }

    /** What is wrong: the path, its owner and mode, and why that is refused. */
    public String problem() {
        return problem;
    }

    /** What to do: the commands, or the setting to change. */
    public String fix() {
        return fix;
    }
}
