package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The types of current ClickHouse (issue 14): each written through a real batcher (transport, names-and-types
 * header, insert settings), read back by SQL and, where the server has RowBinaryWithNamesAndTypes, by the official
 * client's RowBinary reader ({@link OfficialReader}); values that do not fit refused on the caller's thread. Types
 * 18.16 lacks are skipped there with the reason; on 18.16 a pin of such a type is refused at start.
 */
@ClickHouseTest
class CurrentTypesIT {

    private ClickHouseTransport transport;
    private OfficialReader reader;
    private ClickHouseServer server;
    private TestDatabase db;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        this.server = server;
        this.db = db;
        transport = TestTransports.to(server, db.name());
        boolean namesAndTypes = !db.query("SELECT name FROM system.formats WHERE name = 'RowBinaryWithNamesAndTypes' "
                + "AND is_input").isEmpty();
        reader = namesAndTypes ? new OfficialReader(server, db.name()) : null;
    }

    @AfterEach
    void close() {
        if (reader != null) {
            reader.close();
        }
        transport.close();
    }

    /** Writes the rows in RowBinary into the table, and in Native into its twin, which must then be equal. */
    private <T> void write(Class<T> type, List<T> rows) throws Exception {
        BothFormats.insert(server, db, type, rows, BatchConfig.defaults());
    }

    /** Inserting {@code row} is refused on this thread, naming table, column and types. */
    private <T> void refused(Class<T> type, T row, String column, String... reason) {
        try (Batcher<T> batcher = Batcher.builder(type).transport(transport).build()) {
            assertThatThrownBy(() -> batcher.start().insert(row)).isInstanceOf(RowRejectedException.class)
                    .hasMessageContaining("Row rejected by table `").hasMessageContaining("column `" + column + "` is ")
                    .hasMessageContaining(" in ClickHouse, Java `").hasMessageContainingAll(reason);
        }
    }

    // ---- Nested ------------------------------------------------------------------------------------------------

    record Tag(String name, int weight) {
    }

    @ClickTable("nested_rec")
    record Tagged(long id, List<Tag> tags) {
    }

    record ColoredTag(String name, int weight, String color) {
    }

    @ClickTable("nested_rec")
    record ColorTagged(long id, List<ColoredTag> tags) {
    }

    @Test
    void aListOfRecordsFillsTheSubColumnsOfAFlattenedNested(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE nested_rec (id UInt32, tags Nested(name String, weight Int32)) ENGINE = Memory");

        write(Tagged.class, List.of(new Tagged(1, List.of(new Tag("a", 10), new Tag("b", -20))),
                new Tagged(2, List.of())));

        assertThat(db.query("SELECT id, tags.name, tags.weight FROM nested_rec ORDER BY id")).containsExactly(
                List.of("1", "['a','b']", "[10,-20]"), List.of("2", "[]", "[]"));
        if (reader != null) {
            List<Map<String, Object>> rows = reader.rows("SELECT tags.name, tags.weight FROM nested_rec ORDER BY id");
            assertThat(rows.get(0).values()).map(CurrentTypesIT::text).containsExactly("[a, b]", "[10, -20]");
        }
        refused(Tagged.class, new Tagged(3, Arrays.asList(new Tag("a", 1), null)), "tags.name",
                "a null element is not allowed in Nested `tags`");
        try (Batcher<ColorTagged> batcher = Batcher.builder(ColorTagged.class).transport(transport).build()) {
            assertThatThrownBy(batcher::start).isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("Column `tags.color` of `ColoredTag.color` does not exist in table `nested_rec`");
        }
    }

    record Weighted(int weight, String name) {
    }

    @ClickTable("nested_whole")
    record WholeNested(long id, List<Weighted> tags) {
    }

    @Test
    void anUnflattenedNestedIsAnArrayOfTuplesMatchedByName(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "JSON");  // flatten_nested = 0 as a table setting: current servers
        db.execute("CREATE TABLE nested_whole (id UInt32, tags Nested(name String, weight Int32)) ENGINE = Memory "
                + "SETTINGS flatten_nested = 0");
        assertThat(db.query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = "
                + "'nested_whole' AND name = 'tags'")).containsExactly(List.of("Nested(name String, weight Int32)"));

        write(WholeNested.class, List.of(new WholeNested(1, List.of(new Weighted(10, "a"), new Weighted(-20, "b")))));

        assertThat(db.query("SELECT id, tags.name, tags.weight FROM nested_whole")).containsExactly(
                List.of("1", "['a','b']", "[10,-20]"));
        assertThat(text(reader.rows("SELECT tags.name FROM nested_whole").get(0).get("tags.name"))).isEqualTo("[a, b]");
    }

    // ---- Nullable anywhere -------------------------------------------------------------------------------------

    record Pair(Integer a, String b) {
    }

    record Labelled(String label, Integer x) {
    }

    @ClickTable("nulls")
    record Nulls(long id, List<Integer> a, Map<String, Long> m, Pair t, Labelled nt, String lc) {
    }

    @Test
    void nullableWhereverClickHouseAllowsIt(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "Map");
        db.execute("CREATE TABLE nulls (id UInt32, a Array(Nullable(Int32)), m Map(String, Nullable(Int64)), "
                + "t Tuple(Nullable(Int32), String), nt Tuple(x Nullable(Int32), label String), "
                + "lc LowCardinality(Nullable(String))) ENGINE = Memory");
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("k", null);
        m.put("j", 5L);

        write(Nulls.class, List.of(new Nulls(1, Arrays.asList(1, null, 3), m, new Pair(null, "s"),
                new Labelled("l", null), null), new Nulls(2, List.of(), Map.of(), new Pair(7, ""), new Labelled("", 8),
                "v")));

        assertThat(db.query("SELECT id, toString(a), toString(m), toString(t), toString(nt), ifNull(lc, 'NULL'), "
                + "nt.x, nt.label FROM nulls ORDER BY id")).containsExactly(
                List.of("1", "[1,NULL,3]", "{'k':NULL,'j':5}", "(NULL,'s')", "(NULL,'l')", "NULL", "\\N", "l"),
                List.of("2", "[]", "{}", "(7,'')", "(8,'')", "v", "8", ""));
        List<Map<String, Object>> rows = reader.rows("SELECT a, m, lc FROM nulls ORDER BY id");
        assertThat(text(rows.get(0).get("a"))).isEqualTo("[1, null, 3]");
        assertThat(text(rows.get(0).get("m"))).isEqualTo("{k=null, j=5}");
        assertThat(rows.get(0).get("lc")).isNull();
        assertThat(rows.get(1).get("lc")).isEqualTo("v");
    }

    // ---- aggregate functions -----------------------------------------------------------------------------------

    @ClickTable("agg")
    record Totals(String k, long total, String last) {
    }

    @ClickTable("agg_state")
    record States(String k, long s) {
    }

    @Test
    void simpleAggregateFunctionIsWrittenAsItsTypeAndAggregateFunctionRefusedAtStart(ClickHouseServer server,
            TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "SimpleAggregateFunction");
        db.execute("CREATE TABLE agg (k String, total SimpleAggregateFunction(sum, UInt64), "
                + "last SimpleAggregateFunction(anyLast, Nullable(String))) ENGINE = AggregatingMergeTree ORDER BY k");

        write(Totals.class, List.of(new Totals("a", 40, "x"), new Totals("a", 2, null), new Totals("b", 7, "y")));

        assertThat(db.query("SELECT k, sum(total), toString(anyLast(last)) FROM agg GROUP BY k ORDER BY k"))
                .containsExactly(List.of("a", "42", "x"), List.of("b", "7", "y"));
        assertThat(reader.rows("SELECT total FROM agg WHERE k = 'b'").get(0).get("total").toString()).isEqualTo("7");
        refused(Totals.class, new Totals("c", -1, null), "total", "outside the UInt64 range");

        db.execute("CREATE TABLE agg_state (k String, s AggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree "
                + "ORDER BY k");
        try (Batcher<States> batcher = Batcher.builder(States.class).transport(transport).build()) {
            assertThatThrownBy(batcher::start).isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("materialized view").hasMessageContaining("-State functions such as sumState");
        }
    }

    // ---- scalars: Enum16, 256-bit extremes, BFloat16, Time, Time64, Interval ------------------------------------

    @ClickTable("wide_extremes")
    record Extremes(long id, String e, BigInteger i256, BigInteger u256, BigDecimal d256) {
    }

    @Test
    void enum16AndThe256BitTypesAtBothEnds(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "Int256");
        ClickHouseAssumptions.assumeType(server, "Decimal256");
        db.execute("CREATE TABLE wide_extremes (id UInt8, e Enum16('lo' = -32768, 'hi' = 32767), i256 Int256, "
                + "u256 UInt256, d256 Decimal256(10)) ENGINE = Memory");
        BigInteger i256max = BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
        BigInteger u256max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        BigDecimal d256max = new BigDecimal(BigInteger.TEN.pow(76).subtract(BigInteger.ONE), 10);

        write(Extremes.class, List.of(new Extremes(1, "lo", i256max.negate().subtract(BigInteger.ONE), BigInteger.ZERO,
                d256max.negate()), new Extremes(2, "hi", i256max, u256max, d256max)));

        assertThat(db.query("SELECT id, toString(e), CAST(e, 'Int16'), toString(i256), toString(u256), toString(d256) "
                + "FROM wide_extremes ORDER BY id")).containsExactly(
                List.of("1", "lo", "-32768", i256max.negate().subtract(BigInteger.ONE).toString(), "0",
                        d256max.negate().toPlainString()),
                List.of("2", "hi", "32767", i256max.toString(), u256max.toString(), d256max.toPlainString()));
        Map<String, Object> top = reader.rows("SELECT i256, u256, d256 FROM wide_extremes WHERE id = 2").get(0);
        assertThat(top.get("i256")).isEqualTo(i256max);
        assertThat(top.get("u256")).isEqualTo(u256max);
        assertThat((BigDecimal) top.get("d256")).isEqualByComparingTo(d256max);
        refused(Extremes.class, new Extremes(3, "lo", i256max.add(BigInteger.ONE), BigInteger.ZERO, BigDecimal.ZERO),
                "i256", "is outside the Int256 range");
        refused(Extremes.class, new Extremes(3, "lo", BigInteger.ZERO, u256max.add(BigInteger.ONE), BigDecimal.ZERO),
                "u256", "is outside the UInt256 range");
        refused(Extremes.class, new Extremes(3, "mid", BigInteger.ZERO, BigInteger.ZERO, BigDecimal.ZERO), "e",
                "is not a value of Enum16");
        refused(Extremes.class, new Extremes(3, "lo", BigInteger.ZERO, BigInteger.ZERO, d256max.add(BigDecimal.ONE)),
                "d256", "Decimal(76, 10)");
    }

    @ClickTable("newer_scalars")
    record Scalars(long id, float bf, LocalTime t, LocalTime t64, Duration span, Duration iv, long months) {
    }

    @Test
    void bfloat16TimeTime64AndIntervals(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "Time64");
        ClickHouseAssumptions.assumeType(server, "BFloat16");
        db.execute("CREATE TABLE newer_scalars (id UInt8, bf BFloat16, t Time, t64 Time64(3), span Time64(9), "
                + "iv IntervalSecond, months IntervalMonth) ENGINE = Memory");
        Duration longest = Duration.ofHours(999).plusMinutes(59).plusSeconds(59).plusNanos(999_999_999);

        write(Scalars.class, List.of(
                new Scalars(1, 1.005859375f, LocalTime.of(14, 30, 25), LocalTime.of(23, 59, 59, 999_999_999),
                        longest.negated(), Duration.ofSeconds(90), 3),
                new Scalars(2, -3.4e38f, LocalTime.MIDNIGHT, LocalTime.of(0, 0, 0, 1_000_000), longest, Duration.ZERO,
                        -1)));

        // BFloat16 keeps the high 16 bits of the Float32, truncated as the server's own toBFloat16(Float32) does
        assertThat(db.query("SELECT id, toString(bf), reinterpretAsUInt16(bf), toBFloat16(toFloat32(1.005859375)) = bf, "
                + "toString(t), toString(t64), toString(span), toString(iv), toString(months) FROM newer_scalars "
                + "ORDER BY id")).containsExactly(
                List.of("1", "1", "16256", "1", "14:30:25", "23:59:59.999", "-999:59:59.999999999", "90", "3"),
                List.of("2", "-3.3895314e38", "65407", "0", "00:00:00", "00:00:00.001", "999:59:59.999999999", "0",
                        "-1"));
        // (client-v2 0.10.0's reader has no BFloat16; the SQL above reads its bits)
        Map<String, Object> first = reader.rows("SELECT t, t64, iv FROM newer_scalars WHERE id = 1").get(0);
        assertThat(text(first.get("t"))).endsWith("14:30:25");  // the reader gives Time as a LocalDateTime of 1970-01-01
        assertThat(text(first.get("t64"))).endsWith("23:59:59.999");
        refused(Scalars.class, new Scalars(3, 0, LocalTime.NOON, LocalTime.NOON, longest.plusNanos(1), Duration.ZERO, 0),
                "span", "is outside the Time64(9) range [-999:59:59, 999:59:59]");
        refused(Scalars.class, new Scalars(3, 0, LocalTime.NOON, LocalTime.NOON, Duration.ZERO, Duration.ofMillis(1500),
                0), "iv", "is not a whole number of seconds");
    }

    // ---- geo ---------------------------------------------------------------------------------------------------

    record P(double x, double y) {
    }

    @ClickTable("geo")
    record Shapes(long id, P p, List<P> ring, List<P> line, List<List<P>> lines, List<List<P>> polygon,
                  List<List<List<P>>> polygons) {
    }

    @Test
    void geoTypesFromRecordsOfTwoDoubles(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "MultiPolygon");
        db.execute("CREATE TABLE geo (id UInt8, p Point, ring Ring, line LineString, lines MultiLineString, "
                + "polygon Polygon, polygons MultiPolygon) ENGINE = Memory");
        List<P> square = List.of(new P(0, 0), new P(10, 0), new P(10, 10), new P(0, 10));
        List<P> hole = List.of(new P(2, 2), new P(3, 2), new P(3, 3));

        write(Shapes.class, List.of(new Shapes(1, new P(1.5, -2), square, hole, List.of(square, hole),
                List.of(square, hole), List.of(List.of(square, hole), List.of(hole)))));

        assertThat(db.query("SELECT toString(p), toString(line), toString(polygon), toString(polygons[2]), "
                + "toString(lines), toString(ring) FROM geo")).containsExactly(List.of("(1.5,-2)",
                "[(2,2),(3,2),(3,3)]", "[[(0,0),(10,0),(10,10),(0,10)],[(2,2),(3,2),(3,3)]]", "[[(2,2),(3,2),(3,3)]]",
                "[[(0,0),(10,0),(10,10),(0,10)],[(2,2),(3,2),(3,3)]]", "[(0,0),(10,0),(10,10),(0,10)]"));
        assertThat(text(reader.rows("SELECT line FROM geo").get(0).get("line")))
                .contains("2.0", "3.0");
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    record Payload(int count, List<String> names) {
    }

    @ClickTable("js")
    record Documents(long id, String extra, String typed, Map<String, Object> m,
                     com.fasterxml.jackson.databind.JsonNode node, tools.jackson.databind.JsonNode node3, Payload pojo) {
    }

    @Test
    void jsonFromTextMapsAndJacksonTrees(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "JSON");
        db.execute("CREATE TABLE js (id UInt8, extra JSON, typed JSON(a.b UInt32), m JSON, node JSON, node3 JSON, "
                + "pojo JSON) ENGINE = Memory");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", "v \"q\"");
        m.put("n", Map.of("list", List.of(1, 2)));
        com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"z\": {\"w\": true}}");
        tools.jackson.databind.JsonNode node3 = new tools.jackson.databind.ObjectMapper().readTree("{\"y\": 2.5}");

        write(Documents.class, List.of(new Documents(1, "{\"a\": {\"b\": \"x\"}}", "{\"a\": {\"b\": 42}}", m, node,
                node3, new Payload(3, List.of("p", "q")))));

        assertThat(db.query("SELECT toString(extra.a.b), typed.a.b, toTypeName(typed.a.b), toString(m.k), "
                + "toString(m.n.list), toString(node.z.w), toString(node3.y), toString(pojo.count), "
                + "toString(pojo.names) FROM js")).containsExactly(
                List.of("x", "42", "UInt32", "v \"q\"", "[1,2]", "true", "2.5", "3", "['p','q']"));
        assertThat(text(reader.rows("SELECT typed.a.b AS b FROM js").get(0).get("b"))).isEqualTo("42");
        refused(Documents.class, new Documents(2, "{\"a\": ", "{}", Map.of(), node, node3, null), "extra",
                "is refused: not valid JSON");
        refused(Documents.class, new Documents(2, "[1, 2]", "{}", Map.of(), node, node3, null), "extra",
                "needs a JSON object");
    }

    // ---- Variant and Dynamic -----------------------------------------------------------------------------------

    @ClickTable("mixed")
    record Mixed(long id, Object v, Object d) {
    }

    @Test
    void variantByTheValuesClassAndDynamicWithItsBinaryTypeEncoding(ClickHouseServer server, TestDatabase db)
            throws Exception {
        ClickHouseAssumptions.assumeType(server, "Variant");
        ClickHouseAssumptions.assumeType(server, "Dynamic");
        db.execute("CREATE TABLE mixed (id UInt8, v Variant(String, UInt64, Array(String)), d Dynamic) ENGINE = Memory");
        assertThat(db.query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = 'mixed' "
                + "AND name = 'v'")).containsExactly(List.of("Variant(Array(String), String, UInt64)"));

        write(Mixed.class, List.of(new Mixed(1, "text", 42L), new Mixed(2, 7L, "s"), new Mixed(3, List.of("a", "b"),
                new BigDecimal("-1.25")), new Mixed(4, null, null), new Mixed(5, "x", java.time.Instant.parse(
                "2024-01-02T03:04:05.123456789Z"))));

        assertThat(db.query("SELECT id, toString(v), variantType(v), toString(d), dynamicType(d) FROM mixed ORDER BY id"))
                .containsExactly(List.of("1", "text", "String", "42", "Int64"), List.of("2", "7", "UInt64", "s", "String"),
                        List.of("3", "['a','b']", "Array(String)", "-1.25", "Decimal(9, 2)"),
                        List.of("4", "", "None", "", "None"),
                        List.of("5", "x", "String", "2024-01-02 03:04:05.123456789", "DateTime64(9, 'UTC')"));
        assertThat(db.query("SELECT isNull(v), isNull(d) FROM mixed WHERE id = 4")).containsExactly(List.of("1", "1"));
        List<Map<String, Object>> rows = reader.rows("SELECT v, d FROM mixed ORDER BY id");
        assertThat(rows.get(0).get("v")).isEqualTo("text");
        assertThat(rows.get(0).get("d")).isEqualTo(42L);
        assertThat(text(rows.get(2).get("v"))).isEqualTo("[a, b]");
        assertThat(rows.get(3).get("v")).isNull();
        refused(Mixed.class, new Mixed(6, -1L, 1L), "v", "fits no member of Variant(Array(String), String, UInt64)");
        refused(Mixed.class, new Mixed(6, "x", new Object()), "d", "has no type in Dynamic here");
    }

    // ---- 18.16: a pinned type the server lacks -----------------------------------------------------------------

    @ClickTable(value = "pinned_time")
    record PinnedTime(long id, @ClickColumn(type = "Time") LocalTime t) {
    }

    @Test
    void aPinOfATypeTheServerDoesNotHaveIsRefusedAtStart(TestDatabase db) {
        Assumptions.assumeTrue(db.query("SELECT name FROM system.data_type_families WHERE name = 'Time'").isEmpty(),
                "this server has the type Time; the refusal is for servers without it (18.16)");
        db.execute("CREATE TABLE pinned_time (id UInt32, t Int32) ENGINE = Memory");
        try (Batcher<PinnedTime> batcher = Batcher.builder(PinnedTime.class).transport(transport)
                .config(BatchConfig.builder().validation(ValidationMode.OFF).build()).build()) {
            assertThatThrownBy(batcher::start).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pins @ClickColumn(type = \"Time\") but this ClickHouse server has no type Time");
        }
        assertThat(db.count("pinned_time")).isZero();
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value != null && value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }
}
