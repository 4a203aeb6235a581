package io.clicktype.batch.encoding;

import static io.clicktype.batch.encoding.RowBinaryOracle.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The types of current ClickHouse, encoded by our writers and decoded by the official client-v2 RowBinary
 * reader (the oracle), and the bytes the formats' definitions prescribe.
 */
class CurrentTypesRoundTripTest {

    @ClickTable("t") record F(float v) { }
    @ClickTable("t") record T(LocalTime v) { }
    @ClickTable("t") record Span(Duration v) { }
    @ClickTable("t") record L(long v) { }
    @ClickTable("t") record Str(String v) { }
    @ClickTable("t") record BoxL(Long v) { }
    record P(double x, double y) { }
    @ClickTable("t") record Pt(P v) { }
    @ClickTable("t") record Poly(List<List<P>> v) { }
    record Kv(String key, Integer value) { }
    @ClickTable("t") record Kvs(List<Kv> v) { }
    record Named(String label, Integer x) { }
    @ClickTable("t") record Nt(Named v) { }

    @Test
    void bfloat16IsTheFloat32TruncatedToItsHigh16Bits() {
        assertThat(bytes(F.class, "BFloat16", new F(1.005859375f))).containsExactly(0x80, 0x3F);
        assertThat(bytes(F.class, "BFloat16", new F(-2.5f))).containsExactly(0x20, 0xC0);
        assertThat(BFloat16Writer.bits(Float.NaN)).isEqualTo(0x7FC0);
        assertThat(BFloat16Writer.bits(Float.POSITIVE_INFINITY)).isEqualTo(0x7F80);
        // (client-v2 0.10.0's reader has no BFloat16: CurrentTypesIT reads these back from 26.7 instead)
        assertThatThrownBy(() -> new BFloat16Writer().checkDouble(1e39)).hasMessageContaining("outside the BFloat16 range");
    }

    @Test
    void timeIsInt32SecondsAndTime64Int64Ticks() {
        assertThat(bytes(T.class, "Time", new T(LocalTime.of(14, 30, 25)))).containsExactly(0x01, 0xCC, 0x00, 0x00);
        assertThat(bytes(Span.class, "Time", new Span(Duration.ofSeconds(-3723)))).containsExactly(0x75, 0xF1, 0xFF, 0xFF);
        assertThat(bytes(T.class, "Time64(3)", new T(LocalTime.of(0, 0, 1, 999_999_999))))
                .containsExactly(0xCF, 0x07, 0, 0, 0, 0, 0, 0);  // 1999 ticks: digits past p dropped
        // negative spans drop digits toward zero, as the server's parser does: -0.0015 s is -1 ms
        assertThat(bytes(Span.class, "Time64(3)", new Span(Duration.ofNanos(-1_500_000))))
                .containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        assertThat(roundTrip(T.class, "Time", List.of(new T(LocalTime.of(14, 30, 25))), r -> r.getLocalTime("v")))
                .containsExactly(LocalTime.of(14, 30, 25));
        Duration longest = Duration.ofSeconds(TimeWriter.MAX_SECONDS, 999_999_999);
        TimeWriter time64 = new TimeWriter("Time64(9)", 9);
        time64.check(longest);
        time64.check(longest.negated());
        assertThatThrownBy(() -> time64.check(longest.plusNanos(1))).hasMessageContaining("range [-999:59:59, 999:59:59]");
        assertThatThrownBy(() -> time64.check(longest.negated().minusNanos(1))).hasMessageContaining("outside");
        TimeWriter time = new TimeWriter("Time", -1);
        time.checkLong(TimeWriter.MAX_SECONDS);
        assertThatThrownBy(() -> time.checkLong(TimeWriter.MAX_SECONDS + 1)).hasMessageContaining("second count 3600000");
    }

    @Test
    void intervalsAreInt64CountsAndDurationsMustBeWholeUnits() {
        assertThat(bytes(Span.class, "IntervalMinute", new Span(Duration.ofHours(2)))).containsExactly(120, 0, 0, 0, 0, 0, 0, 0);
        assertThat(bytes(L.class, "IntervalYear", new L(-1))).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        IntervalWriter weeks = IntervalWriter.of("IntervalWeek");
        weeks.check(Duration.ofDays(14));
        assertThatThrownBy(() -> weeks.check(Duration.ofDays(15))).hasMessageContaining("not a whole number of weeks");
        IntervalWriter nanos = IntervalWriter.of("IntervalNanosecond");
        assertThatThrownBy(() -> nanos.check(Duration.ofDays(300 * 365L))).hasMessageContaining("that Int64 holds");
        assertThat(IntervalWriter.of("IntervalMonth").acceptsDuration()).isFalse();
        assertThat(RowMappings.create(Span.class, List.of(new TableColumn("v", "IntervalMonth", ""))).mismatches())
                .singleElement().asString().contains("declare it `long`");
    }

    @Test
    void simpleAggregateFunctionIsWrittenAsItsInnerType() {
        assertThat(bytes(L.class, "SimpleAggregateFunction(sum, UInt64)", new L(7))).containsExactly(7, 0, 0, 0, 0, 0, 0, 0);
        assertThat(bytes(Str.class, "SimpleAggregateFunction(anyLast, Nullable(String))", new Str(null)))
                .containsExactly(1);
        assertThat(roundTrip(BoxL.class, "SimpleAggregateFunction(max, Nullable(Int64))",
                Arrays.asList(new BoxL(null), new BoxL(-5L)), r -> r.hasValue("v") ? r.getLong("v") : null))
                .containsExactly(null, -5L);
    }

    @Test
    void geoTypesAreTuplesAndArraysOfDoubles() {
        assertThat(bytes(Pt.class, "Point", new Pt(new P(1.0, -2.0)))).containsExactly(0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
                0, 0, 0, 0, 0, 0, 0, 0xC0);
        List<List<P>> polygon = List.of(List.of(new P(0, 0), new P(1, 0), new P(1, 1)), List.of());
        double[][][] decoded = roundTrip(Poly.class, "Polygon", List.of(new Poly(polygon)),
                r -> r.<double[][][]>readValue("v")).get(0);
        assertThat(decoded[0]).isDeepEqualTo(new double[][] {{0, 0}, {1, 0}, {1, 1}});
        assertThat(decoded[1]).isEmpty();
    }

    @Test
    void unflattenedNestedAndNamedTuplesMatchComponentsByName() {
        // the record's order (key, value) differs from the tuple's (value, key): written in the tuple's order
        assertThat(bytes(Kvs.class, "Nested(value Nullable(Int32), key String)",
                new Kvs(List.of(new Kv("a", null))))).containsExactly(1, 1, 1, 'a');
        assertThat(bytes(Nt.class, "Tuple(x Nullable(Int32), label String)", new Nt(new Named("b", 3))))
                .containsExactly(0, 3, 0, 0, 0, 1, 'b');
        RowMapping<Nt> missing = RowMappings.create(Nt.class,
                List.of(new TableColumn("v", "Tuple(x Nullable(Int32), name String)", "")));
        assertThat(missing.mismatches()).singleElement().asString()
                .contains("has element `name` but record `Named` has no component of that name");
    }

    @Test
    void jsonIsItsTextAndOnlyAnObjectIsAccepted() {
        assertThat(bytes(Str.class, "JSON", new Str("{\"a\":1}"))).containsExactly(7, '{', '"', 'a', '"', ':', '1', '}');
        assertThat(JsonText.objectError("{\"a\": [1, -2.5e3, true, null, \"\\u00e9\\n\"], \"b\": {}}")).isNull();
        assertThat(JsonText.objectError("[1]")).contains("needs a JSON object");
        assertThat(JsonText.objectError("{\"a\": 01}")).contains("not valid JSON at character 8");
        assertThat(JsonText.objectError("{\"a\": 1} x")).contains("text after the object");
        assertThat(JsonText.objectError("{\"a\": \"\\x\"}")).contains("unknown escape");
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("s", "q\"\\\u0001");
        map.put("n", List.of(1, 2.5, true));
        map.put("z", null);
        assertThat(JsonText.of(map)).isEqualTo("{\"s\":\"q\\\"\\\\\\u0001\",\"n\":[1,2.5,true],\"z\":null}");
        assertThat(JsonText.objectError(JsonText.of(map))).isNull();
        RowMapping<Str> mapping = RowMappings.create(Str.class, List.of(new TableColumn("v", "JSON(a.b UInt32)", "")));
        assertThatThrownBy(() -> mapping.encoder().validate(new Str("{")))
                .isInstanceOf(RowRejectedException.class)
                .hasMessage("Row rejected by table `t`: column `v` is JSON(a.b UInt32) in ClickHouse, "
                        + "Java `String`: JSON text of 1 characters is refused: not valid JSON at its end: the object is "
                        + "not closed");
    }

    @ClickTable("t") record Any(Object v) { }

    @Test
    void variantPicksTheMemberByTheValuesClassInTheServersOrder() {
        String variant = "Variant(Array(String), String, UInt64)";  // as 26.7 prints Variant(String, UInt64, Array(String))
        assertThat(bytes(Any.class, variant, new Any("ab"))).containsExactly(1, 2, 'a', 'b');
        assertThat(bytes(Any.class, variant, new Any(5L))).containsExactly(2, 5, 0, 0, 0, 0, 0, 0, 0);
        assertThat(bytes(Any.class, variant, new Any(List.of("x")))).containsExactly(0, 1, 1, 'x');
        assertThat(bytes(Any.class, variant, new Any(null))).containsExactly(255);
        // the natural member wins over an earlier one that also takes the class
        assertThat(bytes(Any.class, "Variant(Int32, Int64)", new Any(7L))).containsExactly(1, 7, 0, 0, 0, 0, 0, 0, 0);
        assertThat(bytes(Any.class, "Variant(Int32, Int64)", new Any(7))).containsExactly(0, 7, 0, 0, 0);
        // else the first member that holds the value
        assertThat(bytes(Any.class, "Variant(String, UInt16, UInt8)", new Any(300L))).containsExactly(1, 0x2C, 0x01);
        RowMapping<Any> mapping = RowMappings.create(Any.class, List.of(new TableColumn("v", variant, "")));
        assertThatThrownBy(() -> mapping.encoder().validate(new Any(-1L))).isInstanceOf(RowRejectedException.class)
                .hasMessageContaining("a `Long` fits no member of Variant(Array(String), String, UInt64) (value -1 is "
                        + "outside the UInt64 range");
        assertThatThrownBy(() -> mapping.encoder().validate(new Any(1.5))).hasMessageContaining("a `Double` fits no member");
        assertThat(roundTrip(Any.class, variant, Arrays.asList(new Any("ab"), new Any(5L), new Any(null)),
                r -> r.readValue("v"))).containsExactly("ab", BigInteger.valueOf(5), null);
        assertThat(RowMappings.create(Any.class, List.of(new TableColumn("v", "Variant(String, Tuple(Int32, Int32))",
                ""))).mismatches()).singleElement().asString().contains("cannot tell from a Java value's class");
    }

    @Test
    void dynamicWritesTheBinaryTypeEncodingThenTheValue() {
        // each expected byte string is what 26.7 itself outputs for SELECT x::Dynamic FORMAT RowBinary
        assertThat(bytes(Any.class, "Dynamic", new Any(42L))).containsExactly(0x0A, 42, 0, 0, 0, 0, 0, 0, 0);
        assertThat(bytes(Any.class, "Dynamic", new Any(42))).containsExactly(0x09, 42, 0, 0, 0);
        assertThat(bytes(Any.class, "Dynamic", new Any("ab"))).containsExactly(0x15, 2, 'a', 'b');
        assertThat(bytes(Any.class, "Dynamic", new Any(true))).containsExactly(0x2D, 1);
        assertThat(bytes(Any.class, "Dynamic", new Any(null))).containsExactly(0x00);
        assertThat(bytes(Any.class, "Dynamic", new Any(new BigDecimal("1.50")))).containsExactly(0x19, 9, 2, 0x96, 0, 0, 0);
        assertThat(bytes(Any.class, "Dynamic", new Any(java.time.LocalDate.of(2020, 1, 1))))
                .containsExactly(0x10, 0x56, 0x47, 0, 0);
        assertThat(bytes(Any.class, "Dynamic", new Any(java.time.Instant.parse("2020-01-01T00:00:00Z"))))
                .containsExactly(0x14, 9, 3, 'U', 'T', 'C', 0x00, 0x00, 0x8a, 0xb9, 0x35, 0x9a, 0xe5, 0x15);
        RowMapping<Any> mapping = RowMappings.create(Any.class, List.of(new TableColumn("v", "Dynamic", "")));
        assertThatThrownBy(() -> mapping.encoder().validate(new Any(new Object()))).isInstanceOf(RowRejectedException.class)
                .hasMessageContaining("a `Object` has no type in Dynamic here");
        assertThat(roundTrip(Any.class, "Dynamic", Arrays.asList(new Any(42L), new Any("ab"), new Any(null)),
                r -> r.readValue("v"))).containsExactly(42L, "ab", null);
    }

    private static <R> int[] bytes(Class<R> type, String chType, R row) {
        RowMapping<R> mapping = RowMappings.create(type, List.of(new TableColumn("v", chType, "")));
        assertThat(mapping.mismatches()).isEmpty();
        RowBuffer buffer = new RowBuffer(16);
        mapping.encoder().validate(row);
        mapping.encoder().encode(row, buffer);
        int[] out = new int[buffer.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.array()[i] & 0xFF;
        }
        return out;
    }
}
