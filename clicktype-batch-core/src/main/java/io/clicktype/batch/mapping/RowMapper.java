package io.clicktype.batch.mapping;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.ColumnEncoder;
import io.clicktype.batch.encoding.MappedRowEncoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps one row type onto one table: picks each column's ClickHouse type (pinned, else live, else
 * the Java default), builds its codec and lists every mismatch with the live table.
 */
final class RowMapper {

    /** How a time is written when no live column gives its precision ({@link #withoutTable}). */
    private static final ClickHouseType NANOSECONDS = ClickHouseTypes.parse("DateTime64(9)");

    private final TableRef table;
    private final Class<?> rowType;
    private final Map<String, TableColumn> live;
    private final Set<String> serverTypes;
    private final String serverTimeZone;
    private final List<String> mismatches = new ArrayList<>();
    /** The live type {@link #column} last wrote its property for, {@code null} when unknown or refused. */
    private String lastType;

    /**
     * @param serverTypes    the server's type families, so messages suggest only types it has; {@code null} if unknown
     * @param serverTimeZone the server's time zone, in which a {@code LocalDateTime} is read for a DateTime column
     *                       without a zone; {@code null}: UTC
     */
    RowMapper(TableRef table, Class<?> rowType, List<TableColumn> liveColumns, Set<String> serverTypes,
            String serverTimeZone) {
        this.table = table;
        this.rowType = rowType;
        this.serverTypes = serverTypes;
        this.serverTimeZone = serverTimeZone;
        if (liveColumns == null) {
            this.live = null;
        } else {
            this.live = new LinkedHashMap<>();
            for (TableColumn column : liveColumns) {
                live.put(column.name(), column);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> RowMapping<T> map() {
        List<ColumnEncoder<T>> codecs = new ArrayList<>();
        List<String> types = new ArrayList<>();
        Set<String> mapped = new HashSet<>();
        for (JavaProperty property : RowIntrospector.properties(rowType)) {
            if (!mapped.add(property.column())) {
                throw new IllegalArgumentException(rowType.getName() + " maps column `" + property.column()
                        + "` twice; rename one with @ClickColumn(name = \"...\")");
            }
            Class<?> nestedRecord = live == null || live.containsKey(property.column()) ? null
                    : NestedColumns.elementRecord(property);
            if (nestedRecord != null && NestedColumns.hasSubColumns(property.column(), live)) {
                List<ColumnEncoder<Object>> fields = new NestedColumns(table.table(), serverTimeZone, this::onServer,
                        mismatches).map(property, nestedRecord, live, types);
                for (ColumnEncoder<Object> field : fields) {
                    if (!mapped.add(field.column())) {
                        throw new IllegalArgumentException(rowType.getName() + " maps column `" + field.column()
                                + "` twice; rename one with @ClickColumn(name = \"...\")");
                    }
                    codecs.add((ColumnEncoder) field);
                }
                continue;
            }
            lastType = null;
            ColumnEncoder codec = column(property);
            if (codec != null) {
                codecs.add(codec);
                types.add(lastType);
            }
        }
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException(rowType.getName() + " maps no columns");
        }
        if (live != null) {
            for (TableColumn column : live.values()) {
                if (!mapped.contains(column.name()) && !column.hasDefault()) {
                    mismatches.add(Mismatches.unmappedColumn(table.table(), rowType.getSimpleName(), column.name(),
                            printable(column.type())));
                }
            }
        }
        return new RowMapping<>(table, new MappedRowEncoder<>(table.toString(), codecs), List.copyOf(mismatches),
                types.contains(null) ? null : List.copyOf(types));
    }

    private ColumnEncoder<Object> column(JavaProperty property) {
        String tableName = table.table();
        ClickHouseType pinned = property.pinnedType().isEmpty() ? null : ClickHouseTypes.parse(property.pinnedType());
        ClickHouseType javaDefault = javaDefault(property);
        TableColumn liveColumn = live == null ? null : live.get(property.column());
        if (live != null && liveColumn == null) {
            mismatches.add(Mismatches.missingColumn(tableName, property));
        }
        if (liveColumn != null && !liveColumn.insertable()) {
            mismatches.add(Mismatches.notInsertable(tableName, property, liveColumn.defaultKind()));
            return null;
        }
        ClickHouseType liveType;
        try {
            liveType = liveColumn == null ? null : ClickHouseTypes.parse(liveColumn.type());
        } catch (IllegalArgumentException e) {
            String line = Mismatches.unreadableType(tableName, property, liveColumn.type(), e.getMessage());
            mismatches.add(line);
            return ColumnEncoder.rejecting(property.column(), JavaTypes.simpleName(property.type()), liveColumn.type(), line);
        }
        // before the pin check: a pin cannot make a type the batcher does not write writable
        String unsupported = liveType == null ? null : JavaTypes.unsupportedFamily(liveType);
        if (unsupported != null) {
            String line = Mismatches.unsupportedType(tableName, property, liveType, unsupported);
            mismatches.add(line);
            return ColumnEncoder.rejecting(property.column(), JavaTypes.simpleName(property.type()), liveType.toString(),
                    line);
        }
        // a pin that conflicts with the live column gets the pin-conflict advice below instead
        String unknownToServer = pinned == null || liveType != null && !TypeCompatibility.sameWire(pinned, liveType)
                ? null : missingFamily(pinned);
        if (unknownToServer != null) {
            String line = Mismatches.pinUnknownToServer(tableName, property, pinned, unknownToServer);
            if (liveType == null) {
                throw new IllegalArgumentException(line);
            }
            mismatches.add(line);
            return ColumnEncoder.rejecting(property.column(), JavaTypes.simpleName(property.type()), pinned.toString(),
                    line);
        }
        ClickHouseType effective = pinned != null ? pinned : liveType != null ? liveType : withoutTable(javaDefault);
        if (pinned != null && liveType != null && !TypeCompatibility.sameWire(pinned, liveType)) {
            mismatches.add(Mismatches.pinConflict(tableName, property, liveType, pinned,
                    pinned.equals(onServer(pinned)) ? pinned : null));
            effective = liveType;
        }
        if (effective == null) {
            // no pin, no live column and no default: nothing can make this work
            throw new IllegalArgumentException(Mismatches.unsupported(tableName, property, defaultProblem(property)));
        }
        if (liveType != null) {
            boolean primitive = property.rawType().isPrimitive();
            if (JavaTypes.isBoxed(property.type()) && !liveType.isNullable()) {
                mismatches.add(Mismatches.nullableJava(tableName, property, liveType));
            } else if (primitive && liveType.isNullable()) {
                mismatches.add(Mismatches.nullableColumn(tableName, property, liveType));
            }
        }
        try {
            ColumnEncoder<Object> codec = ColumnEncoders.create(property, effective, serverTimeZone);
            // The live column's own type: the bytes fit it (a pin differs only in name, same wire), and the server
            // compares a names-and-types header with exactly that. Without a live column (validation off reads no
            // table; under warn a column may be missing), the type the bytes are written as (the pin, or the Java
            // type's default): each batch is then checked against the table before it is sent (SchemaGuard),
            // converted or refused, never read by the server as another type.
            lastType = liveType != null ? liveColumn.type() : effective.toString();
            return codec;
        } catch (IncompatibleTypeException e) {
            if (liveType == null) {
                throw new IllegalArgumentException(Mismatches.unsupported(tableName, property, e.getMessage()));
            }
            String line = liveType.equals(effective) && !e.specific()
                    ? Mismatches.wrongType(tableName, property, liveType, onServer(javaDefault))
                    : Mismatches.unsupported(tableName, property, e.getMessage());
            mismatches.add(line);
            return ColumnEncoder.rejecting(property.column(), JavaTypes.simpleName(property.type()),
                    effective.toString(), line);
        }
    }

    /**
     * {@code type} if the server has every family in it, else the nearest type it has that the same
     * Java type can be written as (DateTime64 → DateTime, Bool → UInt8), else {@code null}: a message
     * never suggests a type the server would refuse (18.16 has no DateTime64, Bool, Map, IPv4...).
     */
    private ClickHouseType onServer(ClickHouseType type) {
        if (type == null || serverTypes == null) {
            return type;
        }
        ClickHouseType older = type;
        if (!serverTypes.contains(type.family())) {
            if (type.is("DateTime64")) {
                older = new ClickHouseType("DateTime", List.of(), type.args().size() > 1 ? List.of(type.args().get(1))
                        : List.of(), type.fieldName());
            } else if (type.is("Bool")) {
                older = new ClickHouseType("UInt8", List.of(), List.of(), type.fieldName());
            } else {
                return null;
            }
        }
        List<ClickHouseType> children = new ArrayList<>();
        for (ClickHouseType child : older.children()) {
            ClickHouseType available = onServer(child);
            if (available == null) {
                return null;
            }
            children.add(available);
        }
        return new ClickHouseType(older.family(), children, older.args(), older.fieldName());
    }

    /** The first family in {@code type} that the server does not have, or {@code null} (also when unknown). */
    private String missingFamily(ClickHouseType type) {
        if (serverTypes == null || serverTypes.isEmpty()) {
            return null;
        }
        if (!serverTypes.contains(type.family())) {
            return type.family();
        }
        for (ClickHouseType child : type.children()) {
            String missing = missingFamily(child);
            if (missing != null) {
                return missing;
            }
        }
        return null;
    }

    /** The normalised type, or the server's text when this library cannot parse it. */
    private static String printable(String type) {
        try {
            return ClickHouseTypes.normalize(type);
        } catch (IllegalArgumentException e) {
            return type;
        }
    }

    /**
     * The type a column is written as when no live column says (validation off, or a column the table lacks): the
     * Java type's default, except that a time is written with all nine fraction digits ({@code DateTime64(9)}) rather
     * than the default three, so that converting it to the table's precision before it is sent (SchemaGuard) drops
     * what the table cannot hold and nothing it can (a trial's DateTime64(6) column lost its microseconds when the
     * rows were written at milliseconds).
     */
    private static ClickHouseType withoutTable(ClickHouseType javaDefault) {
        return javaDefault != null && javaDefault.is("DateTime64") ? NANOSECONDS : javaDefault;
    }

    private static ClickHouseType javaDefault(JavaProperty property) {
        try {
            return JavaTypes.defaultType(property.type(), true);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String defaultProblem(JavaProperty property) {
        try {
            JavaTypes.defaultType(property.type(), true);
            return "no ClickHouse type";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
