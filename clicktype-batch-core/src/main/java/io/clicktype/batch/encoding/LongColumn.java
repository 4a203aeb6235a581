package io.clicktype.batch.encoding;

import java.util.function.ToLongFunction;

/** {@link ColumnEncoder#ofLong}: a primitive integral component, never boxed. */
record LongColumn<T>(String column, String javaType, String type, ToLongFunction<? super T> getter, LongSink sink,
                     boolean nullable) implements ColumnEncoder<T> {

    @Override
    public void validate(T row) {
        sink.checkLong(getter.applyAsLong(row));
    }

    @Override
    public void encode(T row, RowBuffer out) {
        if (nullable) {
            out.writeByte(0);
        }
        sink.writeLong(getter.applyAsLong(row), out);
    }
}
