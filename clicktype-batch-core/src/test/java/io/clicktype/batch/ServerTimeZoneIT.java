package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServers;
import io.clicktype.batch.test.OwnedClickHouseServer;
import java.time.LocalDateTime;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@code LocalDateTime} into a DateTime column without a zone is read in the server's time zone, as the
 * server itself reads the same wall-clock text (and every ClickHouse tool a user compares with); in the
 * column's zone where it has one; never in the JVM's. On a server of the test's own in Asia/Tokyo (UTC+9),
 * with the JVM's default zone moved to New York for the test.
 */
class ServerTimeZoneIT {

    @ClickTable("zoned")
    record Reading(long id, LocalDateTime local, LocalDateTime berlin) {
    }

    @ClickTable("zoned64")
    record Reading64(long id, LocalDateTime local, LocalDateTime berlin) {
    }

    private static final LocalDateTime WALL_CLOCK = LocalDateTime.of(2024, 5, 1, 10, 0, 0);

    @Test
    void aZonelessDateTimeReadsTheWallClockInTheServersZoneNotTheJvms() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        try (OwnedClickHouseServer tokyo = ClickHouseServers.startOwn("Asia/Tokyo")) {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            tokyo.execute("CREATE TABLE zoned (id UInt64, local DateTime, berlin DateTime('Europe/Berlin')) "
                    + "ENGINE = MergeTree() ORDER BY id");
            insert(tokyo, Reading.class, new Reading(1, WALL_CLOCK, WALL_CLOCK));

            // The same text the server parses itself: 10:00 in Tokyo is 01:00 UTC.
            assertThat(tokyo.execute("SELECT toString(local), toUnixTimestamp(local) = toUnixTimestamp("
                    + "toDateTime('2024-05-01 10:00:00')), toString(berlin), toUnixTimestamp(berlin) FROM zoned").trim())
                    .isEqualTo("2024-05-01 10:00:00\t1\t2024-05-01 10:00:00\t" + 1714550400L);

            if (tokyo.supportsType("DateTime64")) {
                tokyo.execute("CREATE TABLE zoned64 (id UInt64, local DateTime64(3), berlin DateTime64(3, 'Europe/Berlin')) "
                        + "ENGINE = MergeTree() ORDER BY id");
                insert(tokyo, Reading64.class, new Reading64(1, WALL_CLOCK.withNano(5_000_000), WALL_CLOCK));
                assertThat(tokyo.execute("SELECT toString(local), toUnixTimestamp(local), toString(berlin) FROM zoned64")
                        .trim()).isEqualTo("2024-05-01 10:00:00.005\t1714525200\t2024-05-01 10:00:00.000");
            }
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    private static <T> void insert(OwnedClickHouseServer server, Class<T> type, T row) throws Exception {
        try (ClickHouseTransport transport = TestTransports.to(server, "default");
             Batcher<T> batcher = Batcher.builder(type).transport(transport).config(BatchConfig.defaults()).build()) {
            BatcherHandle<T> handle = batcher.start();
            handle.insert(row);
            handle.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
