package io.clicktype.batch;

/**
 * A column of the live table as ClickHouse describes it.
 *
 * @param name        column name
 * @param type        ClickHouse type as the server prints it, e.g. {@code Nullable(String)}
 * @param defaultKind {@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS}, {@code EPHEMERAL} or
 *                    empty when the column has no default expression
 */
public record TableColumn(String name, String type, String defaultKind) {

    /** Whether the server can fill this column when an insert leaves it out. */
    public boolean hasDefault() {
        return defaultKind != null && !defaultKind.isEmpty();
    }

    /** Whether an insert may name this column at all (MATERIALIZED and ALIAS columns may not). */
    public boolean insertable() {
        return !"MATERIALIZED".equals(defaultKind) && !"ALIAS".equals(defaultKind);
    }
}
