package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.ArrayWriter;
import io.clicktype.batch.encoding.BFloat16Writer;
import io.clicktype.batch.encoding.DynamicWriter;
import io.clicktype.batch.encoding.IntervalWriter;
import io.clicktype.batch.encoding.JsonWriter;
import io.clicktype.batch.encoding.TimeWriter;
import io.clicktype.batch.encoding.BigIntegerWriter;
import io.clicktype.batch.encoding.BoolWriter;
import io.clicktype.batch.encoding.DateTime64Writer;
import io.clicktype.batch.encoding.DateTimeWriter;
import io.clicktype.batch.encoding.DateWriter;
import io.clicktype.batch.encoding.DecimalWriter;
import io.clicktype.batch.encoding.EnumWriter;
import io.clicktype.batch.encoding.FixedStringWriter;
import io.clicktype.batch.encoding.FloatWriter;
import io.clicktype.batch.encoding.InetWriter;
import io.clicktype.batch.encoding.IntegerWriter;
import io.clicktype.batch.encoding.MapWriter;
import io.clicktype.batch.encoding.NullableWriter;
import io.clicktype.batch.encoding.StringWriter;
import io.clicktype.batch.encoding.UuidWriter;
import io.clicktype.batch.encoding.ValueWriter;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses the {@link ValueWriter} for a ClickHouse type and a Java type, or explains why the two
 * do not fit. Runs at mapping time only. Thread-safe.
 */
final class WriterFactory {

    private static final Set<Class<?>> INTEGRAL = Set.of(long.class, Long.class, int.class, Integer.class,
            short.class, Short.class, byte.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> FLOATING = Set.of(double.class, Double.class, float.class, Float.class);
    private static final Set<Class<?>> TIMES = Set.of(Instant.class, LocalDateTime.class, OffsetDateTime.class,
            ZonedDateTime.class, long.class, Long.class);
    private static final Set<Class<?>> TEXT = Set.of(String.class, byte[].class);

    private WriterFactory() {
    }

    /**
     * @param defaultZone the zone in which a {@code LocalDateTime} is read for a DateTime/DateTime64 without a
     *                    zone of its own: the server's time zone, as the server reads such values itself
     *                    (ClickHouse docs, "DateTime": "the server time zone is used by default"); {@code null}: UTC
     * @throws IncompatibleTypeException when {@code javaType} values cannot be written as {@code type}
     */
    static ValueWriter writer(ClickHouseType type, Type javaType, String defaultZone) throws IncompatibleTypeException {
        Class<?> raw = JavaTypes.raw(javaType);
        String name = type.toString();
        switch (type.family()) {
            case "Nullable":
                return new NullableWriter(name, writer(type.child(), javaType, defaultZone));
            case "LowCardinality", "SimpleAggregateFunction":
                // both are written as their inner type (SimpleAggregateFunction(f, T) "is stored as T")
                return writer(type.child(), javaType, defaultZone);
            case "Nested":
                // un-flattened Nested (flatten_nested = 0): RowBinary writes it as Array(Tuple(...)) of its elements
                return writer(ClickHouseType.wrap("Array", new ClickHouseType("Tuple", type.children(), List.of(),
                        null)), javaType, defaultZone);
            case "Point", "Ring", "LineString", "MultiLineString", "Polygon", "MultiPolygon":
                return writer(GeoTypes.structure(type), javaType, defaultZone);
            case "Array": {
                Type element = JavaTypes.elementType(javaType);
                require(element != null && raw != byte[].class || raw == byte[].class, type, javaType);
                return new ArrayWriter(name, writer(type.child(), element != null ? element : byte.class, defaultZone));
            }
            case "Map":
                require(Map.class.isAssignableFrom(raw), type, javaType);
                return new MapWriter(name, writer(type.children().get(0), JavaTypes.typeArgument(javaType, 0), defaultZone),
                        writer(type.children().get(1), JavaTypes.typeArgument(javaType, 1), defaultZone));
            case "Tuple":
                require(raw.isRecord(), type, javaType);
                return TupleElements.writer(type, raw, defaultZone);
            default:
                return leaf(type, raw, javaType, defaultZone);
        }
    }

    private static ValueWriter leaf(ClickHouseType type, Class<?> raw, Type javaType, String defaultZone)
            throws IncompatibleTypeException {
        String family = type.family();
        String name = type.toString();
        IntegerWriter integer = IntegerWriter.of(family);
        if (integer != null) {
            if (family.equals("UInt8") && (raw == boolean.class || raw == Boolean.class)) {
                return new BoolWriter(name);  // servers without Bool: a UInt8 column holds 0/1
            }
            require(INTEGRAL.contains(raw), type, javaType);
            return integer;
        }
        BigIntegerWriter big = BigIntegerWriter.of(family);
        if (big != null) {
            require(INTEGRAL.contains(raw), type, javaType);
            return big;
        }
        IntervalWriter interval = IntervalWriter.of(family);
        if (interval != null) {
            require(INTEGRAL.contains(raw) && raw != BigInteger.class
                    || raw == Duration.class && interval.acceptsDuration(), type, javaType);
            return interval;
        }
        switch (family) {
            case "Variant":
                require(!raw.isPrimitive(), type, javaType);
                return VariantMembers.writer(type, defaultZone);
            case "Dynamic":
                require(!raw.isPrimitive(), type, javaType);
                return new DynamicWriter();
            case "JSON": {
                Class<?> node = JavaTypes.jacksonJsonNode(raw);
                boolean text = raw == String.class || Map.class.isAssignableFrom(raw) || node != null;
                require(text || !raw.isPrimitive() && !JavaTypes.isBoxed(raw) && !raw.isArray()
                        && !Collection.class.isAssignableFrom(raw), type, javaType);
                return new JsonWriter(name, node, node != null ? JacksonJson.nodeSerializer(node)
                        : text ? null : JacksonJson.serializer(raw), JsonTypeArguments.typedPaths(type.args()));
            }
            case "BFloat16":
                require(FLOATING.contains(raw), type, javaType);
                return new BFloat16Writer();
            case "Time", "Time64":
                require(raw == LocalTime.class || raw == Duration.class || raw == long.class || raw == Long.class
                        || raw == int.class || raw == Integer.class, type, javaType);
                return new TimeWriter(name, family.equals("Time") ? -1 : type.intArg(0));
            case "Float32", "Float64":
                require(FLOATING.contains(raw), type, javaType);
                return new FloatWriter(family);
            case "Bool":
                require(raw == boolean.class || raw == Boolean.class, type, javaType);
                return new BoolWriter(name);
            case "Decimal":
                require(raw == BigDecimal.class, type, javaType);
                return new DecimalWriter(name, type.intArg(0), type.intArg(1));
            case "String":
                require(TEXT.contains(raw) || raw.isEnum(), type, javaType);
                return new StringWriter(name);
            case "FixedString":
                require(TEXT.contains(raw), type, javaType);
                return new FixedStringWriter(name, type.intArg(0));
            case "UUID":
                require(raw == UUID.class, type, javaType);
                return new UuidWriter();
            case "Date", "Date32":
                require(raw == LocalDate.class, type, javaType);
                return new DateWriter(family);
            case "DateTime":
                require(TIMES.contains(raw), type, javaType);
                return new DateTimeWriter(name, type.timezone() != null ? type.timezone() : defaultZone);
            case "DateTime64":
                require(TIMES.contains(raw), type, javaType);
                return new DateTime64Writer(name, type.intArg(0),
                        type.timezone() != null ? type.timezone() : defaultZone);
            case "Enum8", "Enum16":
                require(raw.isEnum() || raw == String.class, type, javaType);
                return enumWriter(type, raw);
            case "IPv4":
                require(raw == Inet4Address.class || raw == InetAddress.class, type, javaType);
                return new InetWriter(family);
            case "IPv6":
                require(InetAddress.class.isAssignableFrom(raw), type, javaType);
                return new InetWriter(family);
            default:
                throw new IncompatibleTypeException("clicktype-batch does not support the ClickHouse type " + name
                        + " yet; map the component to a supported type (docs/types.md) or mark it @ClickIgnore");
        }
    }

    @SuppressWarnings("unchecked")
    private static EnumWriter enumWriter(ClickHouseType type, Class<?> raw) {
        return new EnumWriter(type.toString(), EnumValues.of(type), raw.isEnum() ? (Class<? extends Enum<?>>) raw : null);
    }

    static void require(boolean fits, ClickHouseType type, Type javaType) throws IncompatibleTypeException {
        if (!fits) {
            throw new IncompatibleTypeException("`" + JavaTypes.simpleName(javaType) + "` cannot be written as " + type);
        }
    }
}
