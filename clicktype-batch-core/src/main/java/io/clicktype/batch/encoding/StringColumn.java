package io.clicktype.batch.encoding;

import java.util.function.Function;

/** {@link ColumnEncoder#ofString}: a {@code String} in a (Nullable, LowCardinality) String column. */
record StringColumn<T>(String column, String type, Function<? super T, ?> getter, boolean nullable)
        implements ColumnEncoder<T> {

    @Override
    public String javaType() {
        return "String";
    }

    @Override
    public void validate(T row) {
        Object value = getter.apply(row);
        if (value == null) {
            if (!nullable) {
                throw nullString();
            }
        } else {
            Utf8.checkPaired((String) value);
        }
    }

    @Override
    public void encode(T row, RowBuffer out) {
        Object value = getter.apply(row);
        if (nullable) {
            if (value == null) {
                out.writeByte(1);
                return;
            }
            out.writeByte(0);
        } else if (value == null) {
            throw nullString();
        }
        Utf8.writeWithLength((String) value, out);
    }

    private static ValueRejectedException nullString() {
        return ValueRejectedException.nullIn("String");
    }
}
