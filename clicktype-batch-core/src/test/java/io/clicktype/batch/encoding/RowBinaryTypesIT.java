package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The types every supported server has (the ClickHouse 18.16 subset), inserted through the real
 * server and read back equal.
 */
@ClickHouseTest
class RowBinaryTypesIT {

    private static ServerRoundTrip server;

    @BeforeAll
    static void connect(ClickHouseServer clickHouse, TestDatabase db) {
        server = new ServerRoundTrip(clickHouse, db);
    }

    @AfterAll
    static void disconnect() {
        server.close();
    }

    @ClickTable("integers")
    record Integers(long id, byte i8, short i16, int i32, long i64, short u8, int u16, long u32, BigInteger u64,
                    long widened) {
    }

    @Test
    void integers(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE integers (id UInt64, i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, "
                + "u32 UInt32, u64 UInt64, widened Int8) ENGINE = Memory");
        server.insert("integers", Integers.class, List.of(
                new Integers(1, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, (short) 0, 0, 0,
                        BigInteger.ZERO, -128),
                new Integers(2, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, (short) 255, 65535,
                        4294967295L, new BigInteger("18446744073709551615"), 127)));
        assertThat(db.query("SELECT * FROM integers ORDER BY id")).containsExactly(
                List.of("1", "-128", "-32768", "-2147483648", "-9223372036854775808", "0", "0", "0", "0", "-128"),
                List.of("2", "127", "32767", "2147483647", "9223372036854775807", "255", "65535", "4294967295",
                        "18446744073709551615", "127"));
    }

    @ClickTable("floats")
    record Floats(long id, float f32, double f64, Double nf) {
    }

    @Test
    void floats(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE floats (id UInt8, f32 Float32, f64 Float64, nf Nullable(Float64)) ENGINE = Memory");
        server.insert("floats", Floats.class, List.of(new Floats(1, -0.25f, 1.5, null),
                new Floats(2, Float.POSITIVE_INFINITY, Double.NaN, -2.5)));
        assertThat(db.query("SELECT id, f32, f64, ifNull(toString(nf), 'NULL') FROM floats ORDER BY id")).containsExactly(
                List.of("1", "-0.25", "1.5", "NULL"), List.of("2", "inf", "nan", "-2.5"));
    }

    @ClickTable("texts")
    record Texts(long id, String s, String fs, byte[] raw, String ns) {
    }

    @Test
    void stringsAndFixedStrings(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE texts (id UInt8, s String, fs FixedString(8), raw String, ns Nullable(String)) "
                + "ENGINE = Memory");
        String unicode = "żółw 🐢 tab\there";
        server.insert("texts", Texts.class, List.of(new Texts(1, "", "", new byte[0], null),
                new Texts(2, unicode, "żółw", new byte[] {0, (byte) 0xFF}, "x")));
        assertThat(db.query("SELECT id, s, hex(fs), hex(raw), ifNull(ns, 'NULL'), length(s) FROM texts ORDER BY id"))
                .containsExactly(List.of("1", "", "0000000000000000", "", "NULL", "0"),
                        List.of("2", unicode, "C5BCC3B3C5827700", "00FF", "x",
                                String.valueOf(unicode.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)));
    }

    @ClickTable("misc")
    record Misc(long id, UUID uuid, LocalDate day, Instant at, Color color, Color wide) {
    }

    enum Color { RED, GREEN, BLUE }

    @Test
    void uuidDatesDateTimesEnums(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE misc (id UInt8, uuid UUID, day Date, at DateTime('UTC'), "
                + "color Enum8('RED' = -128, 'GREEN' = 0, 'BLUE' = 127), wide Enum16('RED' = -1000, 'GREEN' = 2, "
                + "'BLUE' = 30000)) ENGINE = Memory");
        UUID uuid = UUID.fromString("61f0c404-5cb3-11e7-907b-a6006ad3dba0");
        server.insert("misc", Misc.class, List.of(
                new Misc(1, new UUID(0, 0), LocalDate.EPOCH, Instant.EPOCH, Color.RED, Color.RED),
                new Misc(2, uuid, LocalDate.of(2024, 2, 29), Instant.parse("2024-03-31T01:30:00Z"), Color.BLUE, Color.GREEN),
                new Misc(3, new UUID(-1, -1), LocalDate.of(2105, 12, 31), Instant.ofEpochSecond(4294967295L),
                        Color.GREEN, Color.BLUE)));
        assertThat(db.query("SELECT id, uuid, toUInt16(day), toUnixTimestamp(at), color, wide FROM misc ORDER BY id")).containsExactly(
                List.of("1", "00000000-0000-0000-0000-000000000000", "0", "0", "RED", "RED"),
                List.of("2", uuid.toString(), days(LocalDate.of(2024, 2, 29)), "1711848600", "BLUE", "GREEN"),
                List.of("3", "ffffffff-ffff-ffff-ffff-ffffffffffff", days(LocalDate.of(2105, 12, 31)), "4294967295", "GREEN",
                        "BLUE"));
    }

    /** Dates as day numbers: 18.16 prints 1970-01-01 as 0000-00-00. */
    private static String days(LocalDate date) {
        return String.valueOf(date.toEpochDay());
    }

    @ClickTable("decimals")
    record Decimals(long id, BigDecimal d9, BigDecimal d18, BigDecimal d38) {
    }

    @Test
    void decimals(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE decimals (id UInt8, d9 Decimal(9, 2), d18 Decimal(18, 4), d38 Decimal(38, 10)) "
                + "ENGINE = Memory");
        server.insert("decimals", Decimals.class, List.of(
                new Decimals(1, new BigDecimal("-9999999.99"), new BigDecimal("-1.5"), new BigDecimal("-0.0000000001")),
                new Decimals(2, new BigDecimal("9999999.99"), new BigDecimal("99999999999999.9999"),
                        new BigDecimal("9999999999999999999999999999.9999999999")),
                new Decimals(3, BigDecimal.ZERO, new BigDecimal("0.01"), new BigDecimal("12345"))));
        // plain column output: 18.16's toString(Decimal128) garbles large values, its TSV output does not
        List<List<String>> rows = db.query("SELECT id, d9, d18, d38 FROM decimals ORDER BY id");
        assertThat(rows).hasSize(3);
        assertThat(new BigDecimal(rows.get(0).get(1))).isEqualByComparingTo("-9999999.99");
        assertThat(new BigDecimal(rows.get(0).get(2))).isEqualByComparingTo("-1.5");
        assertThat(new BigDecimal(rows.get(0).get(3))).isEqualByComparingTo("-0.0000000001");
        assertThat(new BigDecimal(rows.get(1).get(1))).isEqualByComparingTo("9999999.99");
        assertThat(new BigDecimal(rows.get(1).get(2))).isEqualByComparingTo("99999999999999.9999");
        assertThat(new BigDecimal(rows.get(1).get(3))).isEqualByComparingTo("9999999999999999999999999999.9999999999");
        assertThat(new BigDecimal(rows.get(2).get(2))).isEqualByComparingTo("0.01");
        assertThat(new BigDecimal(rows.get(2).get(3))).isEqualByComparingTo("12345");
    }

    @ClickTable("collections")
    record Collections(long id, List<String> tags, long[] numbers, List<Long> maybe, List<List<Integer>> nested,
                       Long nullable) {
    }

    @Test
    void arraysAndNullables(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE collections (id UInt8, tags Array(String), numbers Array(UInt32), "
                + "maybe Array(Nullable(Int64)), nested Array(Array(Int32)), nullable Nullable(Int64)) ENGINE = Memory");
        server.insert("collections", Collections.class, List.of(
                new Collections(1, List.of(), new long[0], List.of(), List.of(), null),
                new Collections(2, List.of("a", "żółw"), new long[] {0, 4294967295L}, Arrays.asList(1L, null, -1L),
                        List.of(List.of(1, 2), List.of()), Long.MIN_VALUE)));
        assertThat(db.query("SELECT id, toString(tags), toString(numbers), toString(maybe), toString(nested), "
                + "ifNull(toString(nullable), 'NULL') FROM collections ORDER BY id")).containsExactly(
                List.of("1", "[]", "[]", "[]", "[]", "NULL"),
                List.of("2", "['a','żółw']", "[0,4294967295]", "[1,NULL,-1]", "[[1,2],[]]", "-9223372036854775808"));
    }

    record Point(String label, long count) {
    }

    @ClickTable("tuples")
    record Tuples(long id, Point point) {
    }

    @Test
    void tuples(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE tuples (id UInt8, point Tuple(String, UInt32)) ENGINE = Memory");
        server.insert("tuples", Tuples.class, List.of(new Tuples(1, new Point("x", 4294967295L))));
        assertThat(db.query("SELECT id, toString(point) FROM tuples")).containsExactly(List.of("1", "('x',4294967295)"));
    }

    @ClickTable("low_cardinality")
    record LowCardinality(long id, String country) {
    }

    @Test
    void lowCardinality(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "LowCardinality");
        String ddl = "CREATE TABLE " + db.name() + ".low_cardinality (id UInt8, country LowCardinality(String)) "
                + "ENGINE = Memory";
        if (clickHouse.supportsSetting("allow_experimental_low_cardinality_type")) {
            // 18.x: experimental, allowed per statement
            server.executeWithSettings(ddl, java.util.Map.of("allow_experimental_low_cardinality_type", "1"));
        } else {
            db.execute(ddl);
        }
        server.insert("low_cardinality", LowCardinality.class, List.of(new LowCardinality(1, "DE"),
                new LowCardinality(2, ""), new LowCardinality(3, "DE")));
        assertThat(db.query("SELECT id, country FROM low_cardinality ORDER BY id"))
                .containsExactly(List.of("1", "DE"), List.of("2", ""), List.of("3", "DE"));
    }

    @ClickTable("validated")
    record Validated(long id, double price, Long userId, String missing) {
    }

    @Test
    void schemaIsComparedWithTheLiveTable(TestDatabase db) {
        db.execute("CREATE TABLE validated (id UInt64, price Decimal(18, 4), user_id UInt64, extra String, "
                + "created DateTime DEFAULT now(), day Date MATERIALIZED toDate(created)) ENGINE = Memory");
        List<String> mismatches = io.clicktype.batch.mapping.RowMappings.create(Validated.class,
                server.liveColumns("validated")).mismatches();
        assertThat(mismatches).containsExactly(
                "Column `price` of table `validated` is Decimal(18, 4) in ClickHouse but `Validated.price` is `double`; "
                        + "declare it `BigDecimal` or change the column to Float64",
                "Column `user_id` of table `validated` is UInt64 in ClickHouse but `Validated.userId` is `Long`, which "
                        + "may be null; declare it `long` or make the column Nullable(UInt64)",
                "Column `missing` of `Validated.missing` does not exist in table `validated`; add the column, map the "
                        + "component to an existing column with @ClickColumn(name = \"...\"), or mark it @ClickIgnore",
                "Column `extra` (String) of table `validated` has no explicit DEFAULT (or MATERIALIZED, ALIAS, "
                        + "EPHEMERAL) expression and `Validated` does not map it, so every row would store the type's "
                        + "zero value there; add a component for it, or give the column an explicit default: "
                        + "ALTER TABLE `validated` MODIFY COLUMN `extra` String DEFAULT <expression>");
    }

    @ClickTable("unmapped")
    record Unmapped(long id) {
    }

    /** The ALTER that the unmapped-column line suggests runs on this server and clears the mismatch. */
    @Test
    void theSuggestedDefaultForAnUnmappedColumnIsAcceptedAndClearsTheMismatch(TestDatabase db) {
        db.execute("CREATE TABLE unmapped (id UInt64, extra String, n Nullable(UInt32)) ENGINE = MergeTree ORDER BY id");
        List<String> mismatches = io.clicktype.batch.mapping.RowMappings.create(Unmapped.class,
                server.liveColumns("unmapped")).mismatches();
        assertThat(mismatches).hasSize(2);
        for (String mismatch : mismatches) {
            String alter = mismatch.substring(mismatch.indexOf("ALTER TABLE "));
            db.execute(alter.replace("<expression>", alter.contains("`extra`") ? "'none'" : "NULL"));
        }
        assertThat(io.clicktype.batch.mapping.RowMappings.create(Unmapped.class, server.liveColumns("unmapped"))
                .mismatches()).isEmpty();
    }
}
