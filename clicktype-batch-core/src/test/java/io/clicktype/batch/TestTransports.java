package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import java.time.Duration;
import java.util.List;

/** Transports for integration tests: to a harness server (or a proxy in front of it), in one database. */
public final class TestTransports {

    private TestTransports() {
    }

    /** To {@code server}, tables resolved in {@code database}: 1 s connect, 10 s socket timeout, LZ4 on. */
    public static ClickHouseTransport to(ClickHouseServer server, String database) {
        return to(server.httpUrl(), server, database);
    }

    /** As {@link #to(ClickHouseServer, String)}, through {@code url} (e.g. a proxy) with the server's user. */
    public static ClickHouseTransport to(String url, ClickHouseServer server, String database) {
        return ClickHouseTransports.clientV2(new ConnectionConfig(List.of(url), server.username(), server.password(),
                database, true, Duration.ofSeconds(1), Duration.ofSeconds(10), null, null));
    }
}
