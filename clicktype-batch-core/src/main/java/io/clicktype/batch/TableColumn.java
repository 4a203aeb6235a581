package io.clicktype.batch;

/**
 * A column of the live table as ClickHouse describes it.
 *
 * @param name        column name
 * @param type        ClickHouse type as the server prints it, e.g. {@code Nullable(String)}
 * @param defaultKind {@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS}, {@code EPHEMERAL} or
 *                    empty when the column has no explicit default expression
 */
public record TableColumn(String name, String type, String defaultKind) {

    /**
     * Whether the column has an explicit default expression ({@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS} or
     * {@code EPHEMERAL}). A column without one still gets a value when an insert leaves it out, its type's zero value
     * (0, '', 1970-01-01), which is why a record that does not map such a column is a mismatch.
     */
    public boolean hasDefault() {
        return defaultKind != null && !defaultKind.isEmpty();
    }

    /** Whether an insert may name this column at all (MATERIALIZED and ALIAS columns may not). */
    public boolean insertable() {
        return !"MATERIALIZED".equals(defaultKind) && !"ALIAS".equals(defaultKind);
    }
}
