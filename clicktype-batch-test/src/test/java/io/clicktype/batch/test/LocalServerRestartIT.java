package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Outage tests later rely on stopping and starting the local server on the same ports and data. */
@ClickHouseTest
class LocalServerRestartIT {

    @Test
    void stopMakesTheServerUnreachableAndStartBringsItBackWithItsData(ClickHouseServer server, TestDatabase db) {
        ClickHouseAssumptions.assumeRestartable(server);
        db.execute("CREATE TABLE kept (x UInt8) ENGINE = MergeTree() ORDER BY x");
        db.execute("INSERT INTO kept VALUES (7)");

        server.stop();
        assertThat(HttpSql.ping(server.httpUrl())).isFalse();
        assertThatThrownBy(() -> server.execute("SELECT 1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreachable");

        server.start();
        assertThat(HttpSql.ping(server.httpUrl())).isTrue();
        assertThat(db.count("kept")).isEqualTo(1);
    }
}
