package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.ValueWriter;
import io.clicktype.batch.encoding.VariantWriter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the writer of a {@code Variant(T1, ..., Tn)} column: per member the Java classes it takes and a writer
 * for them. Members are kept in the order of the type as the server prints it (sorted by name), which is the
 * order of the discriminator. Members that are scalars, Arrays or Maps of them; a Tuple member is refused (the
 * record that would fill it cannot be told from the value's class). Mapping time only.
 */
final class VariantMembers {

    private static final List<Class<?>> INTEGERS = List.of(Long.class, Integer.class, Short.class, Byte.class,
            BigInteger.class);

    private VariantMembers() {
    }

    static VariantWriter writer(ClickHouseType variant, String defaultZone) throws IncompatibleTypeException {
        List<ValueWriter> writers = new ArrayList<>();
        List<Class<?>> natural = new ArrayList<>();
        List<List<Class<?>>> accepted = new ArrayList<>();
        for (ClickHouseType member : variant.children()) {
            List<Class<?>> classes = classes(member);
            if (classes.isEmpty()) {
                throw new IncompatibleTypeException(variant + " has the member " + member + ", which clicktype-batch "
                        + "cannot tell from a Java value's class; use members of scalar, Array or Map types", true);
            }
            writers.add(WriterFactory.writer(member, javaType(member, classes.get(0)), defaultZone));
            natural.add(naturalClass(member));
            accepted.add(classes);
        }
        return new VariantWriter(variant.toString(), writers, natural, accepted);
    }

    /** The classes a member takes, the first one the one its writer is built for; empty when none. */
    private static List<Class<?>> classes(ClickHouseType member) {
        ClickHouseType t = member.withoutLowCardinality();
        String family = t.family();
        if (ClickHouseType.integerBits(family) > 0) {
            return INTEGERS;
        }
        return switch (family) {
            case "Float32", "Float64", "BFloat16" -> List.of(Double.class, Float.class);
            case "Bool" -> List.of(Boolean.class);
            case "String", "FixedString" -> List.of(String.class);
            case "Decimal" -> List.of(BigDecimal.class);
            case "UUID" -> List.of(UUID.class);
            case "Date", "Date32" -> List.of(LocalDate.class);
            case "DateTime", "DateTime64" -> List.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class);
            case "Time", "Time64" -> List.of(LocalTime.class, Duration.class);
            case "IPv4" -> List.of(Inet4Address.class);
            case "IPv6" -> List.of(Inet6Address.class, Inet4Address.class);
            case "Enum8", "Enum16" -> List.of(Enum.class, String.class);
            case "Array" -> classes(t.child()).isEmpty() ? List.of() : List.of(Collection.class, Object[].class);
            case "Map" -> classes(t.children().get(0)).isEmpty() || classes(t.children().get(1)).isEmpty()
                    ? List.of() : List.of(Map.class);
            default -> List.of();
        };
    }

    private static Class<?> naturalClass(ClickHouseType member) {
        return switch (member.withoutLowCardinality().family()) {
            case "Int64" -> Long.class;
            case "Int32" -> Integer.class;
            case "Int16" -> Short.class;
            case "Int8" -> Byte.class;
            case "Float64" -> Double.class;
            case "Float32" -> Float.class;
            case "Bool" -> Boolean.class;
            case "String" -> String.class;
            case "Decimal" -> BigDecimal.class;
            case "UUID" -> UUID.class;
            case "Date32" -> LocalDate.class;
            case "DateTime64" -> Instant.class;
            case "IPv4" -> Inet4Address.class;
            case "IPv6" -> Inet6Address.class;
            default -> null;
        };
    }

    /** A Java type the member's writer is built for: its first class, parameterised for Arrays and Maps. */
    private static Type javaType(ClickHouseType member, Class<?> first) {
        ClickHouseType t = member.withoutLowCardinality();
        if (t.is("Array")) {
            return new Parameterized(List.class, javaType(t.child(), classes(t.child()).get(0)));
        }
        if (t.is("Map")) {
            ClickHouseType key = t.children().get(0);
            ClickHouseType value = t.children().get(1);
            return new Parameterized(Map.class, javaType(key, classes(key).get(0)),
                    javaType(value, classes(value).get(0)));
        }
        if (t.is("Enum8") || t.is("Enum16")) {
            return String.class;
        }
        return first;
    }

    /** A parameterised type made at mapping time, for a member's writer ({@code List<Long>} for Array(Int64)). */
    private record Parameterized(Class<?> raw, Type... arguments) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public String getTypeName() {
            StringBuilder name = new StringBuilder(raw.getName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                name.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
            }
            return name.append('>').toString();
        }
    }
}
