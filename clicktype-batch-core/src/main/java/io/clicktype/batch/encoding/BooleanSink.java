package io.clicktype.batch.encoding;

/** A writer that takes a primitive {@code boolean} without boxing. */
public interface BooleanSink {

    /** Writes the value as one byte, 0 or 1. */
    void writeBoolean(boolean value, RowBuffer out);
}
