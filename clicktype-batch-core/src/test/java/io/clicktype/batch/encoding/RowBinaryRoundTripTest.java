package io.clicktype.batch.encoding;

import static io.clicktype.batch.encoding.RowBinaryOracle.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.data_formats.RowBinaryFormatReader;
import io.clicktype.batch.ClickTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every type of the type table, edge values included, encoded by our writers and decoded by the
 * official client-v2 RowBinary reader (the oracle).
 */
class RowBinaryRoundTripTest {

    @ClickTable("t") record L(long v) { }
    @ClickTable("t") record BoxL(Long v) { }
    @ClickTable("t") record I(int v) { }
    @ClickTable("t") record S(short v) { }
    @ClickTable("t") record B(byte v) { }
    @ClickTable("t") record D(double v) { }
    @ClickTable("t") record F(float v) { }
    @ClickTable("t") record Z(boolean v) { }
    @ClickTable("t") record Big(BigInteger v) { }
    @ClickTable("t") record Dec(BigDecimal v) { }
    @ClickTable("t") record Str(String v) { }
    @ClickTable("t") record Bytes(byte[] v) { }
    @ClickTable("t") record U(UUID v) { }
    @ClickTable("t") record Day(LocalDate v) { }
    @ClickTable("t") record At(Instant v) { }
    @ClickTable("t") record Local(LocalDateTime v) { }
    @ClickTable("t") record Offset(OffsetDateTime v) { }
    @ClickTable("t") record Zoned(ZonedDateTime v) { }
    enum Color { RED, GREEN, BLUE }
    @ClickTable("t") record E(Color v) { }
    @ClickTable("t") record Strings(List<String> v) { }
    @ClickTable("t") record Longs(long[] v) { }
    @ClickTable("t") record Nested(List<List<Long>> v) { }
    @ClickTable("t") record M(Map<String, Long> v) { }
    record Pair(String name, long count) { }
    @ClickTable("t") record Tup(Pair v) { }
    @ClickTable("t") record Ip(InetAddress v) { }

    private static <T> List<Object> values(Class<T> type, String chType, List<T> rows) {
        return roundTrip(type, chType, rows, r -> r.readValue("v"));
    }

    private static <T, R> List<R> values(Class<T> type, String chType, List<T> rows, Function<RowBinaryFormatReader, R> get) {
        return roundTrip(type, chType, rows, get);
    }

    @Test
    void signedIntegers() {
        List<L> longs = List.of(new L(Long.MIN_VALUE), new L(-1), new L(0), new L(Long.MAX_VALUE));
        assertThat(values(L.class, "Int64", longs, r -> r.getLong("v")))
                .containsExactly(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE);
        assertThat(values(I.class, "Int32", List.of(new I(Integer.MIN_VALUE), new I(Integer.MAX_VALUE)), r -> r.getInteger("v")))
                .containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(values(S.class, "Int16", List.of(new S(Short.MIN_VALUE), new S(Short.MAX_VALUE)), r -> r.getShort("v")))
                .containsExactly(Short.MIN_VALUE, Short.MAX_VALUE);
        assertThat(values(B.class, "Int8", List.of(new B(Byte.MIN_VALUE), new B(Byte.MAX_VALUE)), r -> r.getByte("v")))
                .containsExactly(Byte.MIN_VALUE, Byte.MAX_VALUE);
        // a wider Java type into a narrower column, range-checked
        assertThat(values(L.class, "Int8", List.of(new L(-128), new L(127)), r -> r.getLong("v"))).containsExactly(-128L, 127L);
    }

    @Test
    void unsignedIntegers() {
        assertThat(values(L.class, "UInt8", List.of(new L(0), new L(255)), r -> r.getLong("v"))).containsExactly(0L, 255L);
        assertThat(values(I.class, "UInt16", List.of(new I(0), new I(65535)), r -> r.getLong("v"))).containsExactly(0L, 65535L);
        assertThat(values(L.class, "UInt32", List.of(new L(0), new L(4294967295L)), r -> r.getLong("v")))
                .containsExactly(0L, 4294967295L);
        assertThat(values(L.class, "UInt64", List.of(new L(0), new L(Long.MAX_VALUE)), r -> r.getBigInteger("v")))
                .containsExactly(BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE));
        BigInteger uint64Max = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        assertThat(values(Big.class, "UInt64", List.of(new Big(uint64Max), new Big(BigInteger.TEN)), r -> r.getBigInteger("v")))
                .containsExactly(uint64Max, BigInteger.TEN);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256})
    void wideIntegers(int bits) {
        BigInteger min = BigInteger.TWO.pow(bits - 1).negate();
        BigInteger max = BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
        BigInteger umax = BigInteger.TWO.pow(bits).subtract(BigInteger.ONE);
        List<Big> signed = List.of(new Big(min), new Big(BigInteger.valueOf(-1)), new Big(BigInteger.ZERO), new Big(max));
        assertThat(values(Big.class, "Int" + bits, signed, r -> r.getBigInteger("v")))
                .containsExactly(min, BigInteger.valueOf(-1), BigInteger.ZERO, max);
        assertThat(values(Big.class, "UInt" + bits, List.of(new Big(BigInteger.ZERO), new Big(umax)), r -> r.getBigInteger("v")))
                .containsExactly(BigInteger.ZERO, umax);
        assertThat(values(L.class, "Int" + bits, List.of(new L(-5), new L(Long.MAX_VALUE)), r -> r.getBigInteger("v")))
                .containsExactly(BigInteger.valueOf(-5), BigInteger.valueOf(Long.MAX_VALUE));
    }

    @Test
    void floats() {
        double[] doubles = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI};
        List<D> rows = new ArrayList<>();
        for (double d : doubles) {
            rows.add(new D(d));
        }
        assertThat(values(D.class, "Float64", rows, r -> r.getDouble("v"))).containsExactly(Arrays.stream(doubles).boxed().toArray(Double[]::new));
        assertThat(values(F.class, "Float32", List.of(new F(Float.MAX_VALUE), new F(-Float.MIN_VALUE), new F(Float.NaN)),
                r -> r.getFloat("v"))).containsExactly(Float.MAX_VALUE, -Float.MIN_VALUE, Float.NaN);
    }

    @Test
    void bool() {
        assertThat(values(Z.class, "Bool", List.of(new Z(true), new Z(false)), r -> r.getBoolean("v"))).containsExactly(true, false);
        // servers without Bool: a UInt8 column holds 0/1
        assertThat(values(Z.class, "UInt8", List.of(new Z(true), new Z(false)), r -> r.getLong("v"))).containsExactly(1L, 0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Decimal(9, 2)", "Decimal(18, 4)", "Decimal(38, 10)", "Decimal(76, 20)", "Decimal32(2)",
            "Decimal64(4)", "Decimal128(10)", "Decimal256(20)"})
    void decimals(String type) {
        int precision = type.contains("(9") || type.startsWith("Decimal32") ? 9 : type.contains("18") || type.startsWith("Decimal64")
                ? 18 : type.contains("(38") || type.startsWith("Decimal128") ? 38 : 76;
        int scale = Integer.parseInt(type.replaceAll(".*[(, ]([0-9]+)\\)$", "$1"));
        BigDecimal max = new BigDecimal(BigInteger.TEN.pow(precision).subtract(BigInteger.ONE), scale);
        List<Dec> rows = List.of(new Dec(max), new Dec(max.negate()), new Dec(new BigDecimal("-1.5")), new Dec(BigDecimal.ZERO),
                new Dec(new BigDecimal("0.01")));
        assertThat(values(Dec.class, type, rows, r -> r.getBigDecimal("v")))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(max, max.negate(), new BigDecimal("-1.5"), BigDecimal.ZERO, new BigDecimal("0.01"));
    }

    @Test
    void strings() {
        String unicode = "żółw 🐢 \u0000 end";
        String longText = "x".repeat(100_000);
        assertThat(values(Str.class, "String", List.of(new Str(""), new Str(unicode), new Str(longText)), r -> r.getString("v")))
                .containsExactly("", unicode, longText);
        assertThat(values(Str.class, "LowCardinality(String)", List.of(new Str("a"), new Str(unicode)), r -> r.getString("v")))
                .containsExactly("a", unicode);
        byte[] raw = {0, (byte) 0xFF, 65};
        assertThat(values(Bytes.class, "String", List.of(new Bytes(raw)), r -> r.getString("v").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .hasSize(1);
        // FixedString is zero-padded to N bytes
        List<Object> fixed = values(Str.class, "FixedString(8)", List.of(new Str("ab"), new Str("żółw"), new Str("")),
                r -> r.getString("v"));
        assertThat(fixed).containsExactly("ab\0\0\0\0\0\0", "żółw\0", "\0\0\0\0\0\0\0\0");
    }

    @Test
    void uuid() {
        UUID random = UUID.fromString("61f0c404-5cb3-11e7-907b-a6006ad3dba0");
        UUID max = new UUID(-1L, -1L);
        assertThat(values(U.class, "UUID", List.of(new U(random), new U(new UUID(0, 0)), new U(max)), r -> r.getUUID("v")))
                .containsExactly(random, new UUID(0, 0), max);
    }

    @Test
    void dates() {
        List<Day> dates = List.of(new Day(LocalDate.EPOCH), new Day(LocalDate.of(2149, 6, 6)), new Day(LocalDate.of(2024, 2, 29)));
        assertThat(values(Day.class, "Date", dates, r -> r.getLocalDate("v")))
                .containsExactly(LocalDate.EPOCH, LocalDate.of(2149, 6, 6), LocalDate.of(2024, 2, 29));
        List<Day> wide = List.of(new Day(LocalDate.of(1900, 1, 1)), new Day(LocalDate.of(1969, 12, 31)), new Day(LocalDate.of(2299, 12, 31)));
        assertThat(values(Day.class, "Date32", wide, r -> r.getLocalDate("v")))
                .containsExactly(LocalDate.of(1900, 1, 1), LocalDate.of(1969, 12, 31), LocalDate.of(2299, 12, 31));
    }

    @Test
    void dateTimes() {
        Instant max = Instant.ofEpochSecond(4294967295L);
        List<At> rows = List.of(new At(Instant.EPOCH), new At(max), new At(Instant.parse("2024-03-31T01:30:00.999Z")));
        assertThat(values(At.class, "DateTime", rows, r -> r.getInstant("v")))
                .containsExactly(Instant.EPOCH, max, Instant.parse("2024-03-31T01:30:00Z"));
        assertThat(values(At.class, "DateTime('Europe/Berlin')", rows, r -> r.getInstant("v")))
                .containsExactly(Instant.EPOCH, max, Instant.parse("2024-03-31T01:30:00Z"));
        assertThat(values(L.class, "DateTime", List.of(new L(1_700_000_000L)), r -> r.getInstant("v")))
                .containsExactly(Instant.ofEpochSecond(1_700_000_000L));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 9})
    void dateTime64(int precision) {
        Instant before = Instant.parse("1900-01-01T00:00:00Z");
        Instant negative = Instant.parse("1969-12-31T23:59:59.123456789Z");
        Instant late = Instant.parse("2262-04-11T23:47:16.854775807Z");
        List<At> rows = List.of(new At(before), new At(negative), new At(Instant.EPOCH), new At(late));
        List<Instant> got = values(At.class, "DateTime64(" + precision + ", 'UTC')", rows, r -> r.getInstant("v"));
        long nanosPerTick = (long) Math.pow(10, 9 - precision);
        List<Instant> expected = new ArrayList<>();
        for (At row : rows) {
            Instant v = row.v();
            expected.add(Instant.ofEpochSecond(v.getEpochSecond(), v.getNano() / nanosPerTick * nanosPerTick));
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void localDateTimeUsesColumnZoneAcrossDstEdges() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDateTime gap = LocalDateTime.of(2024, 3, 31, 2, 30);        // does not exist in Berlin
        LocalDateTime overlap = LocalDateTime.of(2024, 10, 27, 2, 30);   // exists twice in Berlin
        LocalDateTime plain = LocalDateTime.of(2024, 7, 1, 12, 0, 0, 123_000_000);
        List<Local> rows = List.of(new Local(gap), new Local(overlap), new Local(plain));
        assertThat(values(Local.class, "DateTime64(3, 'Europe/Berlin')", rows, r -> r.getInstant("v"))).containsExactly(
                ZonedDateTime.of(gap, berlin).toInstant(), ZonedDateTime.of(overlap, berlin).toInstant(),
                ZonedDateTime.of(plain, berlin).toInstant());
        // no timezone on the column: LocalDateTime is read as UTC
        assertThat(values(Local.class, "DateTime64(3)", List.of(new Local(plain)), r -> r.getInstant("v")))
                .containsExactly(plain.toInstant(ZoneOffset.UTC));
        assertThat(values(Local.class, "DateTime", List.of(new Local(plain)), r -> r.getInstant("v")))
                .containsExactly(plain.withNano(0).toInstant(ZoneOffset.UTC));
    }

    @Test
    void offsetAndZonedDateTimes() {
        OffsetDateTime offset = OffsetDateTime.parse("2024-01-01T10:00:00.5+05:30");
        ZonedDateTime zoned = ZonedDateTime.of(LocalDateTime.of(2024, 10, 27, 2, 30), ZoneId.of("Europe/Berlin"))
                .withLaterOffsetAtOverlap();
        assertThat(values(Offset.class, "DateTime64(3)", List.of(new Offset(offset)), r -> r.getInstant("v")))
                .containsExactly(offset.toInstant());
        assertThat(values(Zoned.class, "DateTime64(3, 'Asia/Tokyo')", List.of(new Zoned(zoned)), r -> r.getInstant("v")))
                .containsExactly(zoned.toInstant());
    }

    @Test
    void enums() {
        List<E> rows = List.of(new E(Color.RED), new E(Color.BLUE));
        assertThat(values(E.class, "Enum8('RED' = -128, 'GREEN' = 0, 'BLUE' = 127)", rows, r -> r.getString("v")))
                .containsExactly("RED", "BLUE");
        assertThat(values(E.class, "Enum16('RED' = -32768, 'BLUE' = 32767)", rows, r -> r.getString("v")))
                .containsExactly("RED", "BLUE");
        assertThat(values(Str.class, "Enum8('a' = 1, 'b' = 2)", List.of(new Str("b")), r -> r.getString("v")))
                .containsExactly("b");
        // a Java enum into a String column writes its name
        assertThat(values(E.class, "LowCardinality(String)", rows, r -> r.getString("v"))).containsExactly("RED", "BLUE");
    }

    @Test
    void nullables() {
        List<BoxL> rows = List.of(new BoxL(null), new BoxL(Long.MIN_VALUE), new BoxL(null));
        List<Object> got = values(BoxL.class, "Nullable(Int64)", rows);
        assertThat(got).containsExactly(null, Long.MIN_VALUE, null);
        List<Object> strings = values(Str.class, "LowCardinality(Nullable(String))", Arrays.asList(new Str(null), new Str("x")));
        assertThat(strings).containsExactly(null, "x");
        // primitive Java into a Nullable column writes the not-null flag
        assertThat(roundTrip(L.class, "Nullable(UInt32)", List.of(new L(7)), r -> r.getLong("v"), true)).containsExactly(7L);
    }

    @Test
    void arrays() {
        List<Strings> rows = List.of(new Strings(List.of()), new Strings(List.of("a", "", "żółw")));
        assertThat(values(Strings.class, "Array(String)", rows, r -> r.getList("v")))
                .containsExactly(List.of(), List.of("a", "", "żółw"));
        assertThat(values(Strings.class, "Array(Nullable(String))", List.of(new Strings(Arrays.asList("a", null))), r -> r.getList("v")))
                .containsExactly(Arrays.asList("a", null));
        assertThat(values(Longs.class, "Array(Int64)", List.of(new Longs(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE})),
                r -> r.getLongArray("v"))).containsExactly(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE});
        List<List<Long>> nested = List.of(List.of(1L, 2L), List.of(), Arrays.asList(3L, null));
        List<Object> got = values(Nested.class, "Array(Array(Nullable(Int64)))", List.of(new Nested(nested)), r -> r.getList("v"));
        assertThat(got.toString()).isEqualTo("[[[1, 2], [], [3, null]]]");
    }

    @Test
    void maps() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put("żółw", Long.MIN_VALUE);
        List<Object> got = values(M.class, "Map(String, Int64)", List.of(new M(map), new M(Map.of())));
        assertThat(got).containsExactly(map, Map.of());
    }

    @Test
    void tuples() {
        List<Object> got = values(Tup.class, "Tuple(String, UInt32)", List.of(new Tup(new Pair("x", 4294967295L))));
        assertThat(got).hasSize(1);
        Object value = got.get(0);
        Object[] elements = value instanceof List<?> list ? list.toArray() : (Object[]) value;
        assertThat(elements).containsExactly("x", 4294967295L);
    }

    @Test
    void ipAddresses() throws Exception {
        InetAddress v4 = InetAddress.getByName("192.168.1.254");
        InetAddress v6 = InetAddress.getByName("2001:db8::ff00:42:8329");
        assertThat(values(Ip.class, "IPv4", List.of(new Ip(v4), new Ip(InetAddress.getByName("0.0.0.0")),
                new Ip(InetAddress.getByName("255.255.255.255"))), r -> r.getInet4Address("v")))
                .containsExactly((Inet4Address) v4, (Inet4Address) InetAddress.getByName("0.0.0.0"),
                        (Inet4Address) InetAddress.getByName("255.255.255.255"));
        assertThat(values(Ip.class, "IPv6", List.of(new Ip(v6)), r -> r.getInet6Address("v"))).containsExactly((Inet6Address) v6);
        // an IPv4 address in an IPv6 column is IPv4-mapped
        byte[] mapped = values(Ip.class, "IPv6", List.of(new Ip(v4)), r -> r.getInet6Address("v")).get(0).getAddress();
        assertThat(mapped).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -64, -88, 1, -2);
    }

    @SuppressWarnings("unused")
    private static Temporal unused() {
        return null;
    }
}
