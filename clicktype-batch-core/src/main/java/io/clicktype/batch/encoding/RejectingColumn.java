package io.clicktype.batch.encoding;

/** {@link ColumnEncoder#rejecting}: a column whose mapping is unusable; refuses every row. */
record RejectingColumn<T>(String column, String javaType, String type, String reason) implements ColumnEncoder<T> {

    @Override
    public void validate(T row) {
        throw new ValueRejectedException(reason);
    }

    @Override
    public void encode(T row, RowBuffer out) {
        throw new ValueRejectedException(reason);
    }
}
