package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.NullableForm;

/**
 * The wording of every schema mismatch line. Each says which column, both types, and the fix.
 * Tested verbatim; change with care, users grep for these.
 */
final class Mismatches {

    private Mismatches() {
    }

    static String missingColumn(String table, JavaProperty property) {
        return "Column `" + property.column() + "` of `" + property.qualifiedName() + "` does not exist in table `"
                + table + "`; add the column, map the component to an existing column with @ClickColumn(name = \"...\"),"
                + " or mark it @ClickIgnore";
    }

    /** @param javaDefault the column type to suggest instead, or {@code null} when the server has none to offer */
    static String wrongType(String table, JavaProperty property, ClickHouseType live, ClickHouseType javaDefault) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` is `" + JavaTypes.simpleName(property.type()) + "`; "
                + JavaTypes.declare(live) + (javaDefault == null ? "" : " or change the column to " + javaDefault);
    }

    /** A column type (or one inside it) that no writer handles: say so, and what to do instead. */
    static String unsupportedType(String table, JavaProperty property, ClickHouseType live, String family) {
        boolean aggregate = family.equals("AggregateFunction") || family.equals("SimpleAggregateFunction");
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse, and "
                + "clicktype-batch does not support the ClickHouse type " + family + " yet; "
                + (aggregate ? "insert the raw rows into a source table and let a materialized view aggregate them "
                        + "into `" + table + "`"
                        : "insert the value into a String column (`" + JavaTypes.simpleName(property.type())
                        + "` as text) and convert it in ClickHouse with a materialized view or a MATERIALIZED column")
                + ", or mark `" + property.qualifiedName() + "` @ClickIgnore";
    }

    /** @param alternative the pinned type if the server has it (else {@code null}: no such advice) */
    static String pinConflict(String table, JavaProperty property, ClickHouseType live, ClickHouseType pinned,
            ClickHouseType alternative) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` pins @ClickColumn(type = \"" + pinned + "\"); RowBinary is read as the "
                + "table's type, so pin \"" + live + "\" (or remove the pin)"
                + (alternative == null ? "" : " or change the column to " + alternative);
    }

    static String nullableJava(String table, JavaProperty property, ClickHouseType live) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` is `" + JavaTypes.simpleName(property.type())
                + "`, which may be null; " + JavaTypes.declare(live) + nullableFix(live);
    }

    static String nullableColumn(String table, JavaProperty property, ClickHouseType live) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` is `" + JavaTypes.simpleName(property.type())
                + "`, which cannot be null; " + JavaTypes.declare(live) + " or make the column non-Nullable";
    }

    /** A column type this library cannot even parse: say so plainly, and what to do instead. */
    static String unreadableType(String table, JavaProperty property, String type, String reason) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + type + " in ClickHouse, a type "
                + "clicktype-batch does not support yet (" + reason + "); insert the value into a String column and "
                + "convert it in ClickHouse with a materialized view or a MATERIALIZED column, or mark `"
                + property.qualifiedName() + "` @ClickIgnore";
    }

    private static String nullableFix(ClickHouseType live) {
        String nullable = NullableForm.of(live.toString());
        return nullable != null ? " or make the column " + nullable
                : " (ClickHouse has no Nullable " + live.withoutLowCardinality().family() + ", so null cannot be stored)";
    }

    static String notInsertable(String table, JavaProperty property, String kind) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + kind
                + " and cannot be inserted; mark `" + property.qualifiedName() + "` @ClickIgnore";
    }

    static String unmappedColumn(String table, String entity, String column, String type) {
        return "Column `" + column + "` (" + type + ") of table `" + table + "` has no default and `" + entity
                + "` does not map it; add a component for it or give the column a DEFAULT";
    }

    static String unsupported(String table, JavaProperty property, String reason) {
        return "Column `" + property.column() + "` of table `" + table + "`: `" + property.qualifiedName()
                + "` cannot be mapped: " + reason;
    }
}
