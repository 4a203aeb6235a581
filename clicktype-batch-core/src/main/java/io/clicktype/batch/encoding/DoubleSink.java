package io.clicktype.batch.encoding;

/** A writer that takes a primitive {@code double} (or widened {@code float}) without boxing. */
public interface DoubleSink {

    /** @throws ValueRejectedException when the value does not fit */
    void checkDouble(double value);

    /** Checks and writes. @throws ValueRejectedException when the value does not fit */
    void writeDouble(double value, RowBuffer out);
}
