package io.clicktype.batch.spill;

import java.io.IOException;

/** A spill file that is truncated, altered or not a spill file at all: never replayed. */
public class CorruptSpillFileException extends IOException {

    public CorruptSpillFileException(String message) {
        super(message);
    }
}
