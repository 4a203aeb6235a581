package io.clicktype.batch.mapping;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Java side of the type table: raw classes, names for messages, the default ClickHouse type of a
 * Java type and the Java type to suggest for a ClickHouse type. Thread-safe.
 */
final class JavaTypes {

    private static final Map<Class<?>, String> DEFAULTS = Map.ofEntries(
            Map.entry(long.class, "Int64"), Map.entry(Long.class, "Int64"),
            Map.entry(int.class, "Int32"), Map.entry(Integer.class, "Int32"),
            Map.entry(short.class, "Int16"), Map.entry(Short.class, "Int16"),
            Map.entry(byte.class, "Int8"), Map.entry(Byte.class, "Int8"),
            Map.entry(double.class, "Float64"), Map.entry(Double.class, "Float64"),
            Map.entry(float.class, "Float32"), Map.entry(Float.class, "Float32"),
            Map.entry(boolean.class, "Bool"), Map.entry(Boolean.class, "Bool"),
            Map.entry(String.class, "String"), Map.entry(byte[].class, "String"),
            Map.entry(UUID.class, "UUID"), Map.entry(LocalDate.class, "Date"),
            Map.entry(Instant.class, "DateTime64(3)"), Map.entry(LocalDateTime.class, "DateTime64(3)"),
            Map.entry(OffsetDateTime.class, "DateTime64(3)"), Map.entry(ZonedDateTime.class, "DateTime64(3)"),
            Map.entry(Inet4Address.class, "IPv4"), Map.entry(java.net.Inet6Address.class, "IPv6"),
            Map.entry(InetAddress.class, "IPv6"));

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(Long.class, long.class, Integer.class, int.class,
            Short.class, short.class, Byte.class, byte.class, Double.class, double.class, Float.class, float.class,
            Boolean.class, boolean.class);

    private JavaTypes() {
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return java.lang.reflect.Array.newInstance(raw(array.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType wildcard) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** Whether the type is a primitive box such as {@code Long}, which may hold null. */
    static boolean isBoxed(Type type) {
        return BOXES.containsKey(raw(type));
    }

    /** Type argument {@code index} of a parameterised type, or {@code Object} when raw. */
    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
        }
        return Object.class;
    }

    /** Element type of a List/Collection/array, or {@code null} when the type is none of them. */
    static Type elementType(Type type) {
        if (type instanceof GenericArrayType array) {
            return array.getGenericComponentType();
        }
        Class<?> raw = raw(type);
        if (raw.isArray()) {
            return raw.getComponentType();
        }
        return Collection.class.isAssignableFrom(raw) ? typeArgument(type, 0) : null;
    }

    /** The name users write, without packages: {@code long}, {@code List<String>}. */
    static String simpleName(Type type) {
        return type.getTypeName().replaceAll("[a-zA-Z0-9_$]+\\.", "").replace('$', '.');
    }

    /**
     * The ClickHouse type for a Java type when nothing is pinned and the table is not consulted.
     *
     * @param topLevel whether this is a row component (a box becomes Nullable) rather than an element
     * @throws IllegalArgumentException when the Java type has no default (BigDecimal, BigInteger, ...)
     */
    static ClickHouseType defaultType(Type type, boolean topLevel) {
        Class<?> raw = raw(type);
        String simple = DEFAULTS.get(raw);
        if (simple != null) {
            ClickHouseType parsed = ClickHouseTypes.parse(simple);
            return topLevel && isBoxed(type) ? ClickHouseType.wrap("Nullable", parsed) : parsed;
        }
        if (raw.isEnum()) {
            return enumType(raw);
        }
        if (raw == BigDecimal.class) {
            throw new IllegalArgumentException("BigDecimal has no default ClickHouse type; pin its precision and scale "
                    + "with @ClickColumn(type = \"Decimal(P, S)\") or let the live table decide");
        }
        if (raw == BigInteger.class) {
            throw new IllegalArgumentException("BigInteger has no default ClickHouse type; pin it with "
                    + "@ClickColumn(type = \"UInt64\") (or Int128, UInt128, Int256, UInt256 on servers that have them, "
                    + "not 18.16) or let the live table decide");
        }
        Type element = elementType(type);
        if (element != null) {
            return ClickHouseType.wrap("Array", defaultType(element, false));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new ClickHouseType("Map", List.of(defaultType(typeArgument(type, 0), false),
                    defaultType(typeArgument(type, 1), false)), List.of(), null);
        }
        if (raw.isRecord()) {
            List<ClickHouseType> elements = new ArrayList<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                elements.add(defaultType(component.getGenericType(), false));
            }
            return new ClickHouseType("Tuple", elements, List.of(), null);
        }
        throw new IllegalArgumentException("`" + simpleName(type) + "` has no ClickHouse type; pin one with "
                + "@ClickColumn(type = \"...\") or mark it @ClickIgnore");
    }

    private static ClickHouseType enumType(Class<?> raw) {
        Object[] constants = raw.getEnumConstants();
        Map<String, Integer> values = new LinkedHashMap<>();
        for (Object constant : constants) {
            values.put(((Enum<?>) constant).name(), ((Enum<?>) constant).ordinal() + 1);
        }
        String family = constants.length <= Byte.MAX_VALUE ? "Enum8" : "Enum16";
        return new ClickHouseType(family, List.of(), EnumValues.render(values), null);
    }

    /** Families the writers handle (see {@link WriterFactory}); any other is not supported yet. */
    static final Set<String> WRITABLE = Set.of("Nullable", "LowCardinality", "Array", "Map", "Tuple", "Int8", "Int16",
            "Int32", "Int64", "Int128", "Int256", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256", "Float32",
            "Float64", "Bool", "Decimal", "String", "FixedString", "UUID", "Date", "Date32", "DateTime", "DateTime64",
            "Enum8", "Enum16", "IPv4", "IPv6", "SimpleAggregateFunction", "Nested", "Point", "Ring", "LineString",
            "MultiLineString", "Polygon", "MultiPolygon", "Time", "Time64", "BFloat16", "IntervalNanosecond",
            "IntervalMicrosecond", "IntervalMillisecond", "IntervalSecond", "IntervalMinute", "IntervalHour",
            "IntervalDay", "IntervalWeek", "IntervalMonth", "IntervalQuarter", "IntervalYear", "JSON",
            "Variant", "Dynamic");

    /** Jackson's tree type, 2.x and 3.x: found by name so that Jackson stays an optional dependency. */
    private static final Set<String> JSON_NODES = Set.of("com.fasterxml.jackson.databind.JsonNode",
            "tools.jackson.databind.JsonNode");

    /** The Jackson {@code JsonNode} class {@code raw} is or extends, or {@code null}. */
    static Class<?> jacksonJsonNode(Class<?> raw) {
        for (Class<?> c = raw; c != null; c = c.getSuperclass()) {
            if (JSON_NODES.contains(c.getName())) {
                return c;
            }
        }
        return null;
    }

    /** The first family in {@code type} (outermost first) that no writer handles, or {@code null}. */
    static String unsupportedFamily(ClickHouseType type) {
        if (!WRITABLE.contains(type.family())) {
            return type.family();
        }
        for (ClickHouseType child : type.children()) {
            String family = unsupportedFamily(child);
            if (family != null) {
                return family;
            }
        }
        return null;
    }

    /**
     * The advice "declare it `T`" for a column type, naming only real Java types: an Enum column
     * suggests {@code String} (and mentions a Java enum), a Tuple a record {@code R} whose components
     * are listed. Only for types whose families are all {@link #WRITABLE}.
     */
    static String declare(ClickHouseType type) {
        List<String> records = new ArrayList<>();
        StringBuilder out = new StringBuilder("declare it `").append(javaName(type, records)).append('`');
        for (int i = 0; i < records.size(); i++) {
            out.append(i == 0 ? ", where " : " and ").append(records.get(i));
        }
        ClickHouseType bare = type.withoutLowCardinality();
        bare = bare.is("Nullable") ? bare.child() : bare;
        if (bare.is("Enum8") || bare.is("Enum16")) {
            out.append(" (or a Java enum with the same constant names)");
        }
        return out.toString();
    }

    private static String javaName(ClickHouseType type, List<String> records) {
        ClickHouseType t = type.withoutLowCardinality();
        if (t.is("Nullable")) {
            return box(javaName(t.child(), records));
        }
        ClickHouseType geo = GeoTypes.structure(t);
        if (geo != null) {
            return javaName(geo, records);
        }
        if (t.is("Nested")) {
            return "List<" + record(new ClickHouseType("Tuple", t.children(), List.of(), null), records) + ">";
        }
        if (t.family().startsWith("Interval")) {
            boolean calendar = t.is("IntervalMonth") || t.is("IntervalQuarter") || t.is("IntervalYear");
            return calendar ? "long" : "Duration";
        }
        return switch (t.family()) {
            case "Int8" -> "byte";
            case "Int16", "UInt8" -> "short";
            case "Int32", "UInt16" -> "int";
            case "Int64", "UInt32" -> "long";
            case "UInt64", "Int128", "Int256", "UInt128", "UInt256" -> t.is("UInt64") ? "long" : "BigInteger";
            case "Float32", "BFloat16" -> "float";
            case "Time", "Time64" -> "LocalTime";
            case "Variant", "Dynamic" -> "Object";
            case "Float64" -> "double";
            case "Bool" -> "boolean";
            case "Decimal" -> "BigDecimal";
            case "UUID" -> "UUID";
            case "Date", "Date32" -> "LocalDate";
            case "DateTime", "DateTime64" -> "Instant";
            case "IPv4" -> "Inet4Address";
            case "IPv6" -> "InetAddress";
            case "Array" -> "List<" + box(javaName(t.child(), records)) + ">";
            case "Map" -> "Map<" + box(javaName(t.children().get(0), records)) + ", "
                    + box(javaName(t.children().get(1), records)) + ">";
            case "Tuple" -> record(t, records);
            default -> "String";  // String, FixedString, Enum8/16 (written by name)
        };
    }

    private static String record(ClickHouseType tuple, List<String> records) {
        int index = records.size();
        records.add(null);
        String name = index == 0 ? "R" : "R" + (index + 1);
        StringBuilder components = new StringBuilder();
        for (ClickHouseType element : tuple.children()) {
            components.append(components.length() == 0 ? "" : ", ").append('`').append(javaName(element, records))
                    .append('`');
        }
        records.set(index, "`" + name + "` is a record of " + tuple.children().size() + " components " + components);
        return name;
    }

    private static String box(String name) {
        return switch (name) {
            case "long" -> "Long";
            case "int" -> "Integer";
            case "short" -> "Short";
            case "byte" -> "Byte";
            case "double" -> "Double";
            case "float" -> "Float";
            case "boolean" -> "Boolean";
            default -> name;
        };
    }
}
