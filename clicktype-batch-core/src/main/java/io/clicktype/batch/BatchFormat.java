package io.clicktype.batch;

/**
 * The ClickHouse input format a batch is encoded in (see docs/types.md, "Batch formats").
 *
 * <p>Both carry the same rows exactly; they differ in what the server spends reading them. RowBinary is row by row
 * (the server parses every value into its columns); Native is ClickHouse's own columnar block (per column one
 * contiguous array, Nullable as a null map plus values, Array as offsets plus the flat elements), which the server
 * takes nearly as it stores it.
 */
public enum BatchFormat {
    /**
     * The default: {@link #NATIVE} where the server converts a Native column's type to the table's
     * ({@code input_format_native_allow_types_conversion}, ClickHouse 23.x on) and every column has a Native form,
     * else {@link #ROW_BINARY}. Chosen once per table at start, and logged.
     */
    AUTO,
    /**
     * ClickHouse's columnar Native format ({@code INSERT ... FORMAT Native}), one block per batch. A table with a
     * column that has no Native form on the server (Variant, Dynamic, JSON; LowCardinality on servers that do not
     * convert types) is sent as {@link #ROW_BINARY} instead, with an INFO line naming the column.
     */
    NATIVE,
    /** ClickHouse's RowBinary format, row by row (or RowBinaryWithNamesAndTypes where the server has it). */
    ROW_BINARY
}
