package io.clicktype.samples.clickstream;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The clickstream sample. With no {@code clicktype.batch.clickhouse.url} configured it gets a ClickHouse
 * the way the tests do ({@code CLICKHOUSE_URL}, Docker, or a local {@code clickhouse-server} binary).
 */
@SpringBootApplication
public class ClickstreamApplication {

    public static void main(String[] args) {
        useLocalClickHouseUnlessConfigured();
        SpringApplication.run(ClickstreamApplication.class, args);
    }

    static void useLocalClickHouseUnlessConfigured() {
        // Not while Spring AOT processes the application at build time: nothing connects then.
        if (System.getProperty("clicktype.batch.clickhouse.url") == null
                && System.getenv("CLICKTYPE_BATCH_CLICKHOUSE_URL") == null
                && !Boolean.getBoolean("spring.aot.processing")) {
            ClickHouseServer server = ClickHouseServers.shared();
            System.setProperty("clicktype.batch.clickhouse.url", server.httpUrl());
            System.setProperty("clicktype.batch.clickhouse.username", server.username());
            System.setProperty("clicktype.batch.clickhouse.password", server.password());
        }
    }
}
