package io.clicktype.batch.schema;

import io.clicktype.batch.encoding.RowBuffer;

/** One column's RowBinary value, read from a payload and written again, as it was or converted to a wider type. */
@FunctionalInterface
interface ValueConversion {

    /**
     * Reads the value that starts at {@code pos} of {@code in} and writes it, converted, to {@code out}.
     *
     * @return the position after the value read
     * @throws ArithmeticException when a value does not fit the new type (checked per value where a type's range
     *                             alone cannot tell, e.g. a DateTime64 of higher precision)
     */
    int convert(byte[] in, int pos, RowBuffer out);
}
