package io.clicktype.batch.mapping;

import java.util.List;

/**
 * The geo types as the structures RowBinary writes them (ClickHouse docs, "Geo data types"): Point is
 * {@code Tuple(Float64, Float64)}, Ring and LineString are {@code Array(Point)}, MultiLineString is
 * {@code Array(LineString)}, Polygon is {@code Array(Ring)} (outer ring first, then holes), MultiPolygon is
 * {@code Array(Polygon)}. Java: a record of two {@code double}s for a Point, lists (or arrays) of those for
 * the rest. Thread-safe, stateless.
 */
final class GeoTypes {

    private static final ClickHouseType FLOAT64 = ClickHouseType.simple("Float64");
    private static final ClickHouseType POINT = new ClickHouseType("Tuple", List.of(FLOAT64, FLOAT64), List.of(), null);
    private static final ClickHouseType POINTS = ClickHouseType.wrap("Array", POINT);
    private static final ClickHouseType POLYGON = ClickHouseType.wrap("Array", POINTS);

    private GeoTypes() {
    }

    /** The structure a geo type is written as, or {@code null} when {@code type} is not a geo type. */
    static ClickHouseType structure(ClickHouseType type) {
        return switch (type.family()) {
            case "Point" -> POINT;
            case "Ring", "LineString" -> POINTS;
            case "MultiLineString", "Polygon" -> POLYGON;
            case "MultiPolygon" -> ClickHouseType.wrap("Array", POLYGON);
            default -> null;
        };
    }
}
