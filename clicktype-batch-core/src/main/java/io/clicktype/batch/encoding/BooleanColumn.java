package io.clicktype.batch.encoding;

import java.util.function.Predicate;

/** {@link ColumnEncoder#ofBoolean}: a primitive {@code boolean}, never boxed. */
record BooleanColumn<T>(String column, String javaType, String type, Predicate<? super T> getter, BooleanSink sink,
                        boolean nullable) implements ColumnEncoder<T> {

    @Override
    public void validate(T row) {
        // a boolean always fits
    }

    @Override
    public void encode(T row, RowBuffer out) {
        if (nullable) {
            out.writeByte(0);
        }
        sink.writeBoolean(getter.test(row), out);
    }
}
