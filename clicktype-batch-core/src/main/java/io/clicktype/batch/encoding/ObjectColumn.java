package io.clicktype.batch.encoding;

import java.util.function.Function;

/** {@link ColumnEncoder#ofObject}: a reference read by {@code getter}, written by {@code writer}. */
record ObjectColumn<T>(String column, String javaType, String type, Function<? super T, ?> getter,
                       ValueWriter writer) implements ColumnEncoder<T> {

    @Override
    public void validate(T row) {
        writer.check(getter.apply(row));
    }

    @Override
    public void encode(T row, RowBuffer out) {
        writer.write(getter.apply(row), out);
    }
}
