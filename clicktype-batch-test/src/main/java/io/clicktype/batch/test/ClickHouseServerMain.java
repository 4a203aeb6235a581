package io.clicktype.batch.test;

import java.util.concurrent.CountDownLatch;

/**
 * Resolves a server exactly as the tests do, prints {@code CLICKHOUSE_URL=<url>} and keeps it (and a
 * started local server) running until this process is stopped. Used by {@code scripts/demo} and the
 * benchmarks.
 */
public final class ClickHouseServerMain {

    private ClickHouseServerMain() {
    }

    /** Entry point; takes no arguments. */
    public static void main(String[] args) throws InterruptedException {
        ClickHouseServer server = ClickHouseServers.shared();
        System.out.println("CLICKHOUSE_URL=" + server.httpUrl());
        System.out.println("CLICKHOUSE_TCP_PORT=" + server.nativePort());
        System.out.println("CLICKHOUSE_VERSION=" + server.version());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
