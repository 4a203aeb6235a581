package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickColumn;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every type the server supports, inserted through the real server and read back equal. Types a
 * server lacks are skipped with a reason (18.16 lacks DateTime64, Date32, Bool, IPv4/6, Map, Int128+).
 */
@ClickHouseTest
class TypesIT {

    enum Level { LOW, HIGH }

    @ClickTable("classic")
    record Classic(byte i8, short i16, int i32, long i64, @ClickColumn(type = "UInt8") int u8,
            @ClickColumn(type = "UInt16") int u16, @ClickColumn(type = "UInt32") long u32, BigInteger u64, float f32,
            double f64, String s, @ClickColumn(type = "FixedString(4)") String fs, UUID id, LocalDate d,
            Instant dt, BigDecimal dec, Level level, Long maybe, List<String> tags, long[] nums) {
    }

    @ClickTable("modern")
    record Modern(Instant ts64, LocalDateTime local64, LocalDate d32, boolean flag, InetAddress ip4, InetAddress ip6,
            Map<String, Long> attrs, BigInteger i128) {
    }

    @ClickTable("validated")
    record Validated(long id, Instant ts, String tag, Map<String, Long> counts, BigDecimal price, List<String> names,
            Instant berlin) {
    }

    @ClickTable("validated")
    record MisDeclared(long id, Instant ts, String tag, Map<String, Long> counts, double price, List<String> names,
            Instant berlin) {
    }

    private ClickHouseTransport transport;
    private ClickHouseServer server;
    private TestDatabase db;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        this.server = server;
        this.db = db;
        transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(server.httpUrl()), server.username(),
                server.password(), db.name(), true, Duration.ofSeconds(2), Duration.ofSeconds(30), null, null));
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void typesEveryServerHasRoundTrip(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE classic (i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, u32 UInt32, "
                + "u64 UInt64, f32 Float32, f64 Float64, s String, fs FixedString(4), id UUID, d Date, dt DateTime, "
                + "dec Decimal(18, 4), level Enum8('LOW' = 1, 'HIGH' = 2), maybe Nullable(Int64), tags Array(String), "
                + "nums Array(Int64)) ENGINE = MergeTree() ORDER BY i64");
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        Classic min = new Classic(Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, 0, 0, 0,
                BigInteger.ZERO, -1.5f, -2.25, "", "", uuid, LocalDate.of(1970, 1, 1), Instant.EPOCH,
                new BigDecimal("-12345678901234.5678"), Level.LOW, null, List.of(), new long[0]);
        Classic max = new Classic(Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, 255, 65535,
                4294967295L, new BigInteger("18446744073709551615"), 3.5f, 1e300, "ünïcödé\t\"q\"", "abcd", uuid,
                LocalDate.of(2105, 12, 31), Instant.parse("2106-02-07T06:28:15Z"), new BigDecimal("0.0001"),
                Level.HIGH, 42L, List.of("x", "", "ÿ"), new long[] {-1, 0, 1});

        insert(Classic.class, List.of(min, max));

        // Days since the epoch, because 18.16 prints day 0 as 0000-00-00.
        assertThat(db.query("SELECT i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, s, fs, id, toUInt16(d), toUnixTimestamp(dt), "
                + "dec, level, maybe, tags, nums FROM classic ORDER BY i64")).containsExactly(
                List.of("-128", "-32768", "-2147483648", "-9223372036854775808", "0", "0", "0", "0", "-1.5", "-2.25",
                        "", "\0\0\0\0", uuid.toString(), "0", "0", "-12345678901234.5678", "LOW", "\\N", "[]",
                        "[]"),
                List.of("127", "32767", "2147483647", "9223372036854775807", "255", "65535", "4294967295",
                        "18446744073709551615", "3.5", "1e300", "ünïcödé\t\"q\"", "abcd", uuid.toString(),
                        String.valueOf(LocalDate.of(2105, 12, 31).toEpochDay()), "4294967295", "0.0001", "HIGH", "42", "['x','','ÿ']", "[-1,0,1]"));
    }

    @Test
    void typesOfModernServersRoundTrip(ClickHouseServer server, TestDatabase db) throws Exception {
        for (String family : List.of("DateTime64", "Date32", "Bool", "IPv4", "IPv6", "Map", "Int128")) {
            ClickHouseAssumptions.assumeType(server, family);
        }
        db.execute("CREATE TABLE modern (ts64 DateTime64(3, 'UTC'), local64 DateTime64(6, 'Europe/Berlin'), d32 Date32, "
                + "flag Bool, ip4 IPv4, ip6 IPv6, attrs Map(String, Int64), i128 Int128) ENGINE = MergeTree() ORDER BY ts64");
        Modern row = new Modern(Instant.parse("1969-12-31T23:59:59.999Z"), LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123456000),
                LocalDate.of(1900, 1, 1), true, InetAddress.getByName("10.1.2.3"), InetAddress.getByName("2001:db8::1"),
                Map.of("k", -5L), new BigInteger("-170141183460469231731687303715884105728"));

        insert(Modern.class, List.of(row));

        assertThat(db.query("SELECT toString(ts64), d32, flag, ip4, ip6, attrs['k'], i128 FROM modern"))
                .containsExactly(List.of("1969-12-31 23:59:59.999", "1900-01-01", "true", "10.1.2.3", "2001:db8::1",
                        "-5", "-170141183460469231731687303715884105728"));
    }

    @Test
    void schemaValidationReadsModernTypeStrings(ClickHouseServer server, TestDatabase db) throws Exception {
        for (String family : List.of("DateTime64", "Map", "LowCardinality")) {
            ClickHouseAssumptions.assumeType(server, family);
        }
        db.execute("CREATE TABLE validated (id UInt64, ts DateTime64(3, 'UTC'), tag LowCardinality(Nullable(String)), "
                + "counts Map(String, UInt64), price Nullable(Decimal(38, 10)), names Array(Nullable(String)), "
                + "berlin DateTime('Europe/Berlin')) ENGINE = MergeTree() ORDER BY id");
        Validated row = new Validated(1, Instant.parse("2026-11-30T12:00:00.123Z"), null, Map.of("a", 7L),
                new BigDecimal("1234567890.0123456789"), java.util.Arrays.asList("x", null), Instant.parse("2026-03-29T01:30:00Z"));
        Validated other = new Validated(2, Instant.parse("2026-11-30T12:00:00.456Z"), "web", Map.of(), null, List.of(),
                Instant.EPOCH);

        insert(Validated.class, List.of(row, other));

        assertThat(db.query("SELECT id, toString(ts), tag, counts['a'], price, names, toUnixTimestamp(berlin) "
                + "FROM validated ORDER BY id")).containsExactly(
                List.of("1", "2026-11-30 12:00:00.123", "\\N", "7", "1234567890.0123456789", "['x',NULL]",
                        String.valueOf(Instant.parse("2026-03-29T01:30:00Z").getEpochSecond())),
                List.of("2", "2026-11-30 12:00:00.456", "web", "0", "\\N", "[]", "0"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Batcher.builder(MisDeclared.class).transport(transport)
                        .config(BatchConfig.defaults()).build().start())
                .isInstanceOf(io.clicktype.batch.SchemaMismatchException.class)
                .hasMessageContaining("price")
                .hasMessageContaining("Nullable(Decimal(38, 10))")
                .hasMessageContaining("BigDecimal");
    }

    /** Inserts in RowBinary into the table, and in Native into its twin, which must then be equal. */
    private <T> void insert(Class<T> type, List<T> rows) throws Exception {
        io.clicktype.batch.BothFormats.insert(server, db, type, rows, BatchConfig.defaults());
    }
}
