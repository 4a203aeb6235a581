package io.clicktype.batch.encoding;

import java.util.Set;

/**
 * The Nullable form of a ClickHouse type, as the server accepts it: {@code Nullable(T)} for scalar
 * types, {@code LowCardinality(Nullable(T))} for a LowCardinality column, and none at all for
 * Array, Map, Tuple, Nested, the aggregate-function types, Variant, Dynamic, JSON and the geo types ("Nested type
 * Array(Int32) cannot be inside Nullable type" on 18.16 and 26.7 alike; Nullable(Tuple), and so Nullable(Point),
 * needs an experimental setting; Variant and Dynamic hold NULL themselves).
 * Messages only suggest what this returns. Thread-safe, stateless.
 */
public final class NullableForm {

    private static final Set<String> NEVER_NULLABLE = Set.of("Array", "Map", "Tuple", "Nested", "AggregateFunction",
            "SimpleAggregateFunction", "Variant", "Dynamic", "Object", "JSON", "Point", "Ring", "LineString",
            "MultiLineString", "Polygon", "MultiPolygon", "Geometry");

    private NullableForm() {
    }

    /** The type's Nullable form, or {@code null} when ClickHouse has none. */
    public static String of(String type) {
        if (type.startsWith("Nullable(") || type.startsWith("LowCardinality(Nullable(")) {
            return type;
        }
        if (type.startsWith("LowCardinality(") && type.endsWith(")")) {
            String inner = of(type.substring("LowCardinality(".length(), type.length() - 1));
            return inner == null ? null : "LowCardinality(" + inner + ")";
        }
        return NEVER_NULLABLE.contains(family(type)) ? null : "Nullable(" + type + ")";
    }

    /** What to do about a null for a column of {@code type}: make it Nullable, or what to send instead. */
    public static String advice(String type) {
        String nullable = of(type);
        if (nullable != null) {
            return "set a value or make the column " + nullable;
        }
        String family = family(type.startsWith("LowCardinality(") ? type.substring("LowCardinality(".length()) : type);
        String instead = switch (family) {
            case "Array" -> "; send an empty collection (or array) instead of null";
            case "Map" -> "; send an empty map instead of null";
            default -> "; set a value";
        };
        return "ClickHouse has no Nullable " + family + instead;
    }

    /** The type with element {@code index} of {@code parts} made Nullable, e.g. for advice about a Tuple. */
    static String withNullable(String family, String[] parts, int index) {
        StringBuilder out = new StringBuilder(family).append('(');
        for (int i = 0; i < parts.length; i++) {
            String part = i == index ? of(parts[i]) : parts[i];
            if (part == null) {
                return null;
            }
            out.append(i == 0 ? "" : ", ").append(part);
        }
        return out.append(')').toString();
    }

    /** A ValueRejectedException for a null element of a container, saying how to allow it if ClickHouse can. */
    static ValueRejectedException element(String what, String container, String nullableContainer) {
        return new ValueRejectedException("a null " + what + " is not allowed in " + container + "; "
                + (nullableContainer == null ? "leave it out" : "leave it out or make that type " + nullableContainer));
    }

    private static String family(String type) {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }
}
