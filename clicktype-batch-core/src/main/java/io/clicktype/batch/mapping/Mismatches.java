package io.clicktype.batch.mapping;

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

    static String wrongType(String table, JavaProperty property, ClickHouseType live, ClickHouseType javaDefault) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` is `" + JavaTypes.simpleName(property.type()) + "`; declare it `"
                + JavaTypes.suggestion(live) + "`" + (javaDefault == null ? "" : " or change the column to " + javaDefault);
    }

    static String pinConflict(String table, JavaProperty property, ClickHouseType live, ClickHouseType pinned) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` pins @ClickColumn(type = \"" + pinned + "\"); RowBinary is read as the "
                + "table's type, so pin \"" + live + "\" (or remove the pin) or change the column to " + pinned;
    }

    static String nullableJava(String table, JavaProperty property, ClickHouseType live) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` is `" + JavaTypes.simpleName(property.type())
                + "`, which may be null; declare it `" + JavaTypes.suggestion(live) + "` or make the column Nullable("
                + live + ")";
    }

    static String nullableColumn(String table, JavaProperty property, ClickHouseType live) {
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` is `" + JavaTypes.simpleName(property.type())
                + "`, which cannot be null; declare it `" + JavaTypes.suggestion(live)
                + "` or make the column non-Nullable";
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
