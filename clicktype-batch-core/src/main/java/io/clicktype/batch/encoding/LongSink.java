package io.clicktype.batch.encoding;

/** A writer that takes a primitive {@code long} without boxing. Thread-safe. */
public interface LongSink {

    /** @throws ValueRejectedException when the value does not fit */
    void checkLong(long value);

    /** Checks and writes. @throws ValueRejectedException when the value does not fit */
    void writeLong(long value, RowBuffer out);
}
