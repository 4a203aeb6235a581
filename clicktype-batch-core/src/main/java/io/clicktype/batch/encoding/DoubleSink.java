package io.clicktype.batch.encoding;

/** A writer that takes a primitive {@code double} (or widened {@code float}) without boxing. */
public interface DoubleSink {

    /** Writes the value. */
    void writeDouble(double value, RowBuffer out);
}
