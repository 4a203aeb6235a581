package io.clicktype.samples.minimal;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The starter alone is enough: the app starts, validates its table, ingests, and flushes on close. */
class MinimalApplicationIT {

    @Test
    void theStarterAloneIngestsIntoClickHouse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spill) {
        ClickHouseServer server = ClickHouseServers.shared();
        server.execute("CREATE DATABASE IF NOT EXISTS minimal_app");
        server.execute("DROP TABLE IF EXISTS minimal_app.heartbeats");
        server.execute("CREATE TABLE minimal_app.heartbeats (ts DateTime, host String, sequence Int64) "
                + "ENGINE = MergeTree() ORDER BY sequence");

        ConfigurableApplicationContext context = SpringApplication.run(MinimalApplication.class,
                "--clicktype.batch.clickhouse.url=" + server.httpUrl(),
                "--clicktype.batch.clickhouse.username=" + server.username(),
                "--clicktype.batch.clickhouse.password=" + server.password(),
                "--clicktype.batch.clickhouse.database=minimal_app", "--clicktype.batch.spill.directory=" + spill);
        context.close();

        assertThat(server.execute("SELECT count(), max(sequence) FROM minimal_app.heartbeats").trim())
                .isEqualTo("1000\t999");
    }
}
