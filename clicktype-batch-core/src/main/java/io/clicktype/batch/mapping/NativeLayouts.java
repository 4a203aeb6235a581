package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.NativeColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * What a column of a ClickHouse type is sent as in a Native block: the type name in the block's header and the
 * {@link NativeColumn} layout its RowBinary values are moved into (docs/types.md, "Batch formats"). Mapping time
 * only; stateless.
 *
 * <ul>
 *   <li>Leaf types whose Native values are their RowBinary bytes: the integers, floats, BFloat16, Bool, Decimal,
 *       Date, Date32, DateTime, DateTime64, Time, Time64, the Intervals, Enum8/16, UUID, IPv4, IPv6, FixedString,
 *       String; sent under their own name.</li>
 *   <li>Nullable, Array, Map, Tuple (named too), un-flattened Nested (as the {@code Array(Tuple(...))} it is), the geo
 *       types (as their structure, under their own name) and SimpleAggregateFunction (as its T): by their
 *       structure.</li>
 *   <li>{@code LowCardinality(T)}: sent as T, where the server converts a Native column's type to the table's
 *       ({@code input_format_native_allow_types_conversion}); its dictionary serialization is not written. A server
 *       without that conversion (18.16: "Bad cast from type DB::ColumnString to DB::ColumnLowCardinality") gets the
 *       table in RowBinary.</li>
 *   <li>Variant, Dynamic, JSON: no layout (their Native serializations carry discriminators, type names and path
 *       statistics); the table goes as RowBinary.</li>
 * </ul>
 */
public final class NativeLayouts {

    /** A column's Native form: the type name the block declares, and the layout of its data. */
    public record Layout(String wireType, NativeColumn column) {
    }

    private NativeLayouts() {
    }

    /**
     * The Native form of a column of {@code type}.
     *
     * @param convertsTypes whether the server converts a Native column's declared type to the table's
     * @throws IllegalArgumentException with the reason when the type has no Native form here
     */
    public static Layout of(String type, boolean convertsTypes) {
        ClickHouseType parsed = ClickHouseTypes.parse(type);
        return new Layout(wireType(parsed, convertsTypes).toString(), column(parsed));
    }

    /** The type as the block declares it: without LowCardinality, Nested as its Array of Tuples. */
    private static ClickHouseType wireType(ClickHouseType type, boolean convertsTypes) {
        if (type.is("LowCardinality")) {
            if (!convertsTypes) {
                throw new IllegalArgumentException(type + " needs its dictionary serialization in Native on a server "
                        + "that does not convert Native column types (input_format_native_allow_types_conversion)");
            }
            return wireType(type.child(), true);
        }
        if (type.is("Nested")) {
            return ClickHouseType.wrap("Array", wireType(new ClickHouseType("Tuple", type.children(), List.of(), null),
                    convertsTypes));
        }
        if (type.children().isEmpty()) {
            return type;
        }
        List<ClickHouseType> children = new ArrayList<>();
        for (ClickHouseType child : type.children()) {
            ClickHouseType wire = wireType(child, convertsTypes);
            children.add(child.fieldName() == null ? wire : wire.named(child.fieldName()));
        }
        return new ClickHouseType(type.family(), children, type.args(), type.fieldName());
    }

    private static NativeColumn column(ClickHouseType type) {
        ClickHouseType geo = GeoTypes.structure(type);
        if (geo != null) {
            return column(geo);
        }
        switch (type.family()) {
            case "LowCardinality", "SimpleAggregateFunction":
                return column(type.child());
            case "Nullable":
                return NativeColumn.nullable(column(type.child()));
            case "Array":
                return NativeColumn.array(column(type.child()));
            case "Map":
                return NativeColumn.array(NativeColumn.tuple(List.of(column(type.children().get(0)),
                        column(type.children().get(1)))));
            case "Nested":
                return NativeColumn.array(tuple(type));
            case "Tuple":
                return tuple(type);
            case "String":
                return NativeColumn.string();
            default:
                return NativeColumn.fixed(width(type));
        }
    }

    private static NativeColumn tuple(ClickHouseType type) {
        List<NativeColumn> elements = new ArrayList<>();
        for (ClickHouseType element : type.children()) {
            elements.add(column(element));
        }
        return NativeColumn.tuple(elements);
    }

    /** Bytes per value of a fixed-width leaf (ClickHouse docs, "Data types": the sizes RowBinary writes too). */
    private static int width(ClickHouseType type) {
        return switch (type.family()) {
            case "Int8", "UInt8", "Bool", "Enum8" -> 1;
            case "Int16", "UInt16", "Date", "Enum16", "BFloat16" -> 2;
            case "Int32", "UInt32", "Float32", "Date32", "DateTime", "IPv4", "Time" -> 4;
            case "Int64", "UInt64", "Float64", "DateTime64", "Time64", "IntervalNanosecond", "IntervalMicrosecond",
                    "IntervalMillisecond", "IntervalSecond", "IntervalMinute", "IntervalHour", "IntervalDay",
                    "IntervalWeek", "IntervalMonth", "IntervalQuarter", "IntervalYear" -> 8;
            case "Int128", "UInt128", "UUID", "IPv6" -> 16;
            case "Int256", "UInt256" -> 32;
            case "FixedString" -> type.intArg(0);
            case "Decimal" -> decimalWidth(type.intArg(0));
            default -> throw new IllegalArgumentException(type + " has no Native layout in clicktype-batch");
        };
    }

    private static int decimalWidth(int precision) {
        return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
    }
}
