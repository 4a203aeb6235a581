package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A server of the test's own, of the run's route, in another time zone; closed, it is gone. */
class OwnServerIT {

    @Test
    void aServerOfTheTestsOwnRunsInTheTimeZoneAndWithTheSettingsAskedForAndCloseStopsIt() {
        ClickHouseServer shared = ClickHouseServers.shared();
        String url;
        try (OwnedClickHouseServer tokyo = ClickHouseServers.startOwn("Asia/Tokyo", java.util.Map.of("max_threads", "3"))) {
            url = tokyo.httpUrl();
            assertThat(url).isNotEqualTo(shared.httpUrl());
            assertThat(tokyo.source()).isEqualTo(shared.source());
            assertThat(tokyo.version()).isEqualTo(shared.version());
            assertThat(tokyo.execute("SELECT timezone()").trim()).isEqualTo("Asia/Tokyo");
            // The same wall-clock text is nine hours earlier in UTC there.
            assertThat(tokyo.execute("SELECT toUnixTimestamp(toDateTime('2024-05-01 10:00:00'))").trim())
                    .isEqualTo("1714525200");
            assertThat(shared.execute("SELECT timezone()").trim()).isIn("UTC", "Etc/UTC");
            assertThat(tokyo.execute("SELECT value FROM system.settings WHERE name = 'max_threads'").trim())
                    .isEqualTo("3");
        }
        assertThat(HttpSql.ping(url)).isFalse();
    }
}
