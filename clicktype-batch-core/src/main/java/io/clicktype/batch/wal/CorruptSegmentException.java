package io.clicktype.batch.wal;

import java.io.IOException;

/** A segment file that is not what the log wrote: set aside at start, never silently skipped. */
public final class CorruptSegmentException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the file and what does not add up */
    public CorruptSegmentException(String message) {
        super(message);
    }
}
