package io.clicktype.batch.encoding;

import java.util.function.ToDoubleFunction;

/** {@link ColumnEncoder#ofDouble}: a primitive {@code double} or {@code float}, never boxed. */
record DoubleColumn<T>(String column, String javaType, String type, ToDoubleFunction<? super T> getter,
                       DoubleSink sink, boolean nullable) implements ColumnEncoder<T> {

    @Override
    public void validate(T row) {
        sink.checkDouble(getter.applyAsDouble(row));
    }

    @Override
    public void encode(T row, RowBuffer out) {
        if (nullable) {
            out.writeByte(0);
        }
        sink.writeDouble(getter.applyAsDouble(row), out);
    }
}
