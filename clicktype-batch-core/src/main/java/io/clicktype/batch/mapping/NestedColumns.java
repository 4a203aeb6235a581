package io.clicktype.batch.mapping;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.encoding.ColumnEncoder;
import io.clicktype.batch.encoding.NestedFieldWriter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@code List<R>} component (R a record) mapped onto a flattened {@code Nested} structure: with
 * {@code flatten_nested = 1}, ClickHouse's default, {@code n Nested(a T, b U)} is the columns {@code n.a Array(T)}
 * and {@code n.b Array(U)} (ClickHouse docs, "Nested"). Each component of R becomes one sub-column
 * {@code n.<column name of the component>}, written from the same list, so the arrays' lengths are equal by
 * construction. Mapping time only; the mismatches it finds are added to the caller's list.
 */
final class NestedColumns {

    private final String table;
    private final String serverTimeZone;
    private final UnaryOperator<ClickHouseType> onServer;
    private final List<String> mismatches;
    /** The structure {@link #map} is mapping, for messages. */
    private String structure;

    /**
     * @param onServer the nearest type the server has to a suggested one, or {@code null} when it has none
     * @param mismatches where mismatch lines go
     */
    NestedColumns(String table, String serverTimeZone, UnaryOperator<ClickHouseType> onServer, List<String> mismatches) {
        this.table = table;
        this.serverTimeZone = serverTimeZone;
        this.onServer = onServer;
        this.mismatches = mismatches;
    }

    /** The record type of a {@code List<R>}, {@code Collection<R>} or {@code R[]} component, else {@code null}. */
    static Class<?> elementRecord(JavaProperty property) {
        Type element = JavaTypes.elementType(property.type());
        Class<?> raw = element == null ? null : JavaTypes.raw(element);
        return raw != null && raw.isRecord() ? raw : null;
    }

    /** Whether the live table has sub-columns {@code name.*} of a flattened Nested. */
    static boolean hasSubColumns(String name, Map<String, TableColumn> live) {
        String prefix = name + ".";
        for (String column : live.keySet()) {
            if (column.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One codec per component of the record, for the sub-column of its name; a component whose sub-column is
     * missing or does not fit adds a mismatch and a codec that rejects every row.
     *
     * @param types receives the live type of each codec's column, in order
     */
    List<ColumnEncoder<Object>> map(JavaProperty property, Class<?> record, Map<String, TableColumn> live,
            List<String> types) {
        List<ColumnEncoder<Object>> codecs = new ArrayList<>();
        structure = property.column();
        for (JavaProperty component : RowIntrospector.properties(record)) {
            String column = structure + "." + component.column();
            JavaProperty field = new JavaProperty(component.owner(), component.javaName(), column, component.type(),
                    component.pinnedType(), component.getter(), component.direct());
            TableColumn liveColumn = live.get(column);
            String javaName = JavaTypes.simpleName(component.type());
            if (liveColumn == null) {
                mismatches.add(Mismatches.missingColumn(table, field));
                codecs.add(ColumnEncoder.rejecting(column, javaName, "(no such column)",
                        Mismatches.missingColumn(table, field)));
                types.add(null);
                continue;
            }
            String problem = null;
            ClickHouseType arrayType = null;
            try {
                arrayType = ClickHouseTypes.parse(liveColumn.type());
            } catch (IllegalArgumentException e) {
                problem = Mismatches.unreadableType(table, field, liveColumn.type(), e.getMessage());
            }
            if (problem == null && !arrayType.is("Array")) {
                problem = "Column `" + column + "` of table `" + table + "` is " + arrayType + ", not an Array, so `"
                        + property.qualifiedName() + "` (a list of `" + record.getSimpleName() + "`) cannot be written "
                        + "as the Nested `" + structure + "`; map the column with its own component instead";
            }
            String unsupported = problem == null ? JavaTypes.unsupportedFamily(arrayType) : null;
            if (unsupported != null) {
                problem = Mismatches.unsupportedType(table, field, arrayType, unsupported);
            }
            ColumnEncoder<Object> codec = null;
            if (problem == null) {
                ClickHouseType element = arrayType.child();
                problem = nullability(field, arrayType, element);
                try {
                    codec = ColumnEncoders.create(field, element, serverTimeZone);
                } catch (IncompatibleTypeException e) {
                    problem = problem != null ? problem : wrongType(field, arrayType, element);
                }
            }
            if (problem != null) {
                mismatches.add(problem);
            }
            if (codec == null) {
                codecs.add(ColumnEncoder.rejecting(column, javaName, liveColumn.type(), problem));
                types.add(null);
            } else {
                codecs.add(ColumnEncoder.ofObject(column, JavaTypes.simpleName(property.type()), Accessors.ofObject(property),
                        new NestedFieldWriter(arrayType.toString(), structure, codec)));
                types.add(liveColumn.type());
            }
        }
        return codecs;
    }

    private String nullability(JavaProperty field, ClickHouseType array, ClickHouseType element) {
        if (JavaTypes.isBoxed(field.type()) && !element.isNullable()) {
            String nullable = io.clicktype.batch.encoding.NullableForm.of(element.toString());
            return head(field, array) + ", which may be null; " + JavaTypes.declare(element)
                    + (nullable == null ? "" : " or make the column Array(" + nullable + ")");
        }
        if (field.rawType().isPrimitive() && element.isNullable()) {
            return head(field, array) + ", which cannot be null; " + JavaTypes.declare(element)
                    + " or make the column Array(" + element.withoutLowCardinality().child() + ")";
        }
        return null;
    }

    private String wrongType(JavaProperty field, ClickHouseType array, ClickHouseType element) {
        ClickHouseType suggestion = null;
        try {
            suggestion = onServer.apply(ClickHouseType.wrap("Array", JavaTypes.defaultType(field.type(), false)));
        } catch (IllegalArgumentException e) {
            // the Java type has no default: suggest nothing
        }
        return head(field, array) + "; " + JavaTypes.declare(element)
                + (suggestion == null ? "" : " or change the column to " + suggestion);
    }

    private String head(JavaProperty field, ClickHouseType array) {
        return "Column `" + field.column() + "` of table `" + table + "` is " + array + " in ClickHouse (a field of "
                + "Nested `" + structure + "`) but `"
                + field.qualifiedName() + "` is `" + JavaTypes.simpleName(field.type()) + "`";
    }
}
