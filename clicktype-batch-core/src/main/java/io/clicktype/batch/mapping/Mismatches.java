package io.clicktype.batch.mapping;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
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
        boolean aggregate = family.equals("AggregateFunction");
        if (family.equals("Object")) {
            return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse, the "
                    + "deprecated JSON type, which clicktype-batch does not write; use a column of the JSON type instead "
                    + "(CREATE TABLE ... (" + property.column() + " JSON), ClickHouse 24.8+) and declare `"
                    + property.qualifiedName() + "` a String of JSON text, a Map<String, Object> or a Jackson JsonNode, "
                    + "or mark it @ClickIgnore";
        }
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse, and "
                + "clicktype-batch does not support the ClickHouse type " + family + (aggregate ? "" : " yet") + "; "
                + (aggregate ? "an AggregateFunction column holds aggregation states, not values: insert the raw rows "
                        + "into a source table and let a materialized view aggregate them into `" + table + "` "
                        + "(SELECT ...State(...) ... GROUP BY ...), or INSERT INTO `" + table + "` SELECT with -State "
                        + "functions such as sumState"
                        : "insert the value into a String column (`" + JavaTypes.simpleName(property.type())
                        + "` as text) and convert it in ClickHouse with a materialized view or a MATERIALIZED column")
                + ", or mark `" + property.qualifiedName() + "` @ClickIgnore";
    }

    /**
     * @param alternative the pinned type if the server has it (else {@code null}: no such advice); never offered when
     *                    changing the column to it would narrow the column (the column was most likely widened on
     *                    purpose, by an ALTER, and its rows may not fit back)
     */
    static String pinConflict(String table, JavaProperty property, ClickHouseType live, ClickHouseType pinned,
            ClickHouseType alternative) {
        boolean offer = alternative != null && !narrows(live, alternative);
        return "Column `" + property.column() + "` of table `" + table + "` is " + live + " in ClickHouse but `"
                + property.qualifiedName() + "` pins @ClickColumn(type = \"" + pinned + "\"); RowBinary is read as the "
                + "table's type, so pin \"" + live + "\" (or remove the pin)"
                + (offer ? " or change the column to " + alternative : "");
    }

    /**
     * Whether {@code to} holds fewer values than {@code from}, for the types a column is commonly widened between:
     * integers (fewer bits, or unsigned to signed of the same width, or signed to unsigned), Float64 to Float32,
     * DateTime64 and Decimal to a lower precision or scale. Other pairs are not judged here ({@code false}).
     */
    static boolean narrows(ClickHouseType from, ClickHouseType to) {
        String a = from.withoutLowCardinality().family();
        String b = to.withoutLowCardinality().family();
        if (a.equals("Nullable") && b.equals("Nullable")) {
            return narrows(from.child(), to.child());
        }
        int bitsFrom = ClickHouseType.integerBits(a);
        int bitsTo = ClickHouseType.integerBits(b);
        if (bitsFrom > 0 && bitsTo > 0) {
            boolean unsignedFrom = a.startsWith("U");
            boolean unsignedTo = b.startsWith("U");
            if (unsignedFrom == unsignedTo) {
                return bitsTo < bitsFrom;
            }
            return unsignedTo || bitsTo <= bitsFrom; // a signed source has negatives; an unsigned one needs a bit more
        }
        if (a.equals("Float64") && b.equals("Float32")) {
            return true;
        }
        if (a.equals("DateTime64") && b.equals("DateTime64") && !from.args().isEmpty() && !to.args().isEmpty()) {
            return to.intArg(0) < from.intArg(0);
        }
        if (a.startsWith("Decimal") && b.startsWith("Decimal") && from.args().size() == 2 && to.args().size() == 2) {
            int scaleFrom = from.intArg(1);
            int scaleTo = to.intArg(1);
            return scaleTo < scaleFrom || to.intArg(0) - scaleTo < from.intArg(0) - scaleFrom;
        }
        return false;
    }

    /** A pinned type with a family the server does not have (18.16 and Time, JSON, Variant, ...): never sent. */
    static String pinUnknownToServer(String table, JavaProperty property, ClickHouseType pinned, String family) {
        return "Column `" + property.column() + "` of table `" + table + "`: `" + property.qualifiedName()
                + "` pins @ClickColumn(type = \"" + pinned + "\") but this ClickHouse server has no type " + family
                + " (system.data_type_families); pin a type the server has (or remove the pin), or upgrade the server";
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

    /**
     * A column the record leaves out that has no explicit default expression ({@link TableColumn#hasDefault()}):
     * ClickHouse would fill it with its type's zero value (0, '', 1970-01-01) in every row, which is rarely meant.
     * The suggested ALTER is accepted by 18.16 and current servers (MergeTree family; the type stays in it because
     * 18.16 requires it).
     */
    static String unmappedColumn(String table, String entity, String column, String type) {
        return "Column `" + column + "` (" + type + ") of table `" + table + "` has no explicit DEFAULT (or "
                + "MATERIALIZED, ALIAS, EPHEMERAL) expression and `" + entity + "` does not map it, so every row would "
                + "store the type's zero value there; add a component for it, or give the column an explicit default: "
                + "ALTER TABLE " + TableRef.quote(table) + " MODIFY COLUMN " + TableRef.quote(column) + " " + type
                + " DEFAULT <expression>";
    }

    static String unsupported(String table, JavaProperty property, String reason) {
        return "Column `" + property.column() + "` of table `" + table + "`: `" + property.qualifiedName()
                + "` cannot be mapped: " + reason;
    }
}
