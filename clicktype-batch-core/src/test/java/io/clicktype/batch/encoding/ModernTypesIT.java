package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Types that ClickHouse 18.16 lacks. Each test first asks the server for its type family and is
 * reported SKIPPED (loudly, with the reason) when the server is too old; on a modern server
 * (Docker or CLICKHOUSE_URL) they run like the others.
 */
@ClickHouseTest
class ModernTypesIT {

    private static ServerRoundTrip server;

    @BeforeAll
    static void connect(ClickHouseServer clickHouse, TestDatabase db) {
        server = new ServerRoundTrip(clickHouse, db);
    }

    @AfterAll
    static void disconnect() {
        server.close();
    }

    @ClickTable("dt64")
    record Times(long id, Instant utc, LocalDateTime berlin, Instant micros) {
    }

    @Test
    void dateTime64(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "DateTime64");
        db.execute("CREATE TABLE dt64 (id UInt8, utc DateTime64(3, 'UTC'), berlin DateTime64(3, 'Europe/Berlin'), "
                + "micros DateTime64(6, 'UTC')) ENGINE = Memory");
        server.insert("dt64", Times.class, List.of(
                new Times(1, Instant.parse("1900-01-01T00:00:00Z"), LocalDateTime.of(2024, 3, 31, 2, 30),
                        Instant.parse("1969-12-31T23:59:59.999999Z")),
                new Times(2, Instant.parse("2024-10-27T01:30:00.123Z"), LocalDateTime.of(2024, 10, 27, 2, 30),
                        Instant.EPOCH)));
        assertThat(db.query("SELECT id, toString(utc), toString(berlin), toString(micros) FROM dt64 ORDER BY id"))
                .containsExactly(
                        List.of("1", "1900-01-01 00:00:00.000", "2024-03-31 03:30:00.000", "1969-12-31 23:59:59.999999"),
                        List.of("2", "2024-10-27 01:30:00.123", "2024-10-27 02:30:00.000", "1970-01-01 00:00:00.000000"));
    }

    @ClickTable("date32")
    record Dates(long id, LocalDate day) {
    }

    @Test
    void date32(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "Date32");
        db.execute("CREATE TABLE date32 (id UInt8, day Date32) ENGINE = Memory");
        server.insert("date32", Dates.class, List.of(new Dates(1, LocalDate.of(1900, 1, 1)),
                new Dates(2, LocalDate.of(2299, 12, 31))));
        assertThat(db.query("SELECT id, toString(day) FROM date32 ORDER BY id"))
                .containsExactly(List.of("1", "1900-01-01"), List.of("2", "2299-12-31"));
    }

    @ClickTable("bools")
    record Flags(long id, boolean flag, Boolean maybe) {
    }

    @Test
    void bool(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "Bool");
        db.execute("CREATE TABLE bools (id UInt8, flag Bool, maybe Nullable(Bool)) ENGINE = Memory");
        server.insert("bools", Flags.class, List.of(new Flags(1, true, null), new Flags(2, false, true)));
        assertThat(db.query("SELECT id, toString(flag), ifNull(toString(maybe), 'NULL') FROM bools ORDER BY id"))
                .containsExactly(List.of("1", "true", "NULL"), List.of("2", "false", "true"));
    }

    @ClickTable("ips")
    record Addresses(long id, InetAddress v4, InetAddress v6) {
    }

    @Test
    void ipAddresses(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "IPv4");
        ClickHouseAssumptions.assumeType(clickHouse, "IPv6");
        db.execute("CREATE TABLE ips (id UInt8, v4 IPv4, v6 IPv6) ENGINE = Memory");
        server.insert("ips", Addresses.class, List.of(
                new Addresses(1, InetAddress.getByName("192.168.1.254"), InetAddress.getByName("2001:db8::8329")),
                new Addresses(2, InetAddress.getByName("255.255.255.255"), InetAddress.getByName("10.0.0.1"))));
        assertThat(db.query("SELECT id, toString(v4), toString(v6) FROM ips ORDER BY id")).containsExactly(
                List.of("1", "192.168.1.254", "2001:db8::8329"), List.of("2", "255.255.255.255", "::ffff:10.0.0.1"));
    }

    @ClickTable("maps")
    record Maps(long id, Map<String, Long> counts) {
    }

    @Test
    void maps(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "Map");
        db.execute("CREATE TABLE maps (id UInt8, counts Map(String, Int64)) ENGINE = Memory");
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", 1L);
        counts.put("żółw", Long.MIN_VALUE);
        server.insert("maps", Maps.class, List.of(new Maps(1, Map.of()), new Maps(2, counts)));
        assertThat(db.query("SELECT id, toString(counts) FROM maps ORDER BY id")).containsExactly(
                List.of("1", "{}"), List.of("2", "{'a':1,'żółw':-9223372036854775808}"));
    }

    @ClickTable("wide")
    record Wide(long id, BigInteger i128, BigInteger u128, BigInteger i256, BigInteger u256) {
    }

    @Test
    void wideIntegers(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(clickHouse, "Int128");
        ClickHouseAssumptions.assumeType(clickHouse, "UInt256");
        db.execute("CREATE TABLE wide (id UInt8, i128 Int128, u128 UInt128, i256 Int256, u256 UInt256) ENGINE = Memory");
        BigInteger i128min = BigInteger.TWO.pow(127).negate();
        BigInteger u128max = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
        BigInteger i256min = BigInteger.TWO.pow(255).negate();
        BigInteger u256max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        server.insert("wide", Wide.class, List.of(new Wide(1, i128min, u128max, i256min, u256max)));
        assertThat(db.query("SELECT id, toString(i128), toString(u128), toString(i256), toString(u256) FROM wide"))
                .containsExactly(List.of("1", i128min.toString(), u128max.toString(), i256min.toString(),
                        u256max.toString()));
    }
}
