package io.clicktype.batch.text;

/**
 * A message used inside a longer sentence. The library's exception messages end with a full stop (they are read on
 * their own too); where a log line goes on after one ("{cause}. It was moved to ..."), its stop is taken off first so
 * that the line does not read "..".
 */
public final class Clause {

    private Clause() {
    }

    /** {@code message} without its final full stop; {@code "null"} for a {@code null} message. */
    public static String of(String message) {
        String text = String.valueOf(message);
        return text.endsWith(".") && !text.endsWith("..") ? text.substring(0, text.length() - 1) : text;
    }

    /** The message of {@code cause} as a clause ({@link #of(String)}). */
    public static String of(Throwable cause) {
        return of(cause.getMessage());
    }
}
