package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After the server has closed its idle keep-alive connections (the harness's servers close them after 3 s),
 * the first inserts of a burst must not fail or count a retry on a stale pooled connection. Linux only
 * (it watches the kernel's socket table), as the harness's local servers are.
 */
@ClickHouseTest
class IdleConnectionIT {

    @ClickTable("idle_events")
    record Event(long id, String payload) {
    }

    @Test
    void aBurstAfterTheServerClosedIdleConnectionsNeedsNoRetry(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("CREATE TABLE idle_events (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Throwable> retries = new CopyOnWriteArrayList<>();
        BatcherListener listener = new BatcherListener() {
            @Override
            public void flushSucceeded(TableRef table, FlushStats stats) {
                attempts.add(stats.attempts());
            }

            @Override
            public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
                retries.add(cause);
            }
        };
        BatchConfig config = BatchConfig.builder().maxRows(100).maxWait(Duration.ofMinutes(1)).build();
        try (ClickHouseTransport transport = TestTransports.to(server, db.name());
             Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config)
                     .listener(listener).build()) {
            BatcherHandle<Event> handle = batcher.start();
            insert(handle, 0, 300);
            handle.flush().get(30, TimeUnit.SECONDS);
            assertThat(establishedConnections(server.httpPort())).isPositive();

            // Idle until the server has closed every keep-alive connection (its side leaves ESTABLISHED).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> establishedConnections(server.httpPort()) == 0);

            insert(handle, 300, 1_300);
            handle.flush().get(30, TimeUnit.SECONDS);
        }

        assertThat(retries).isEmpty();
        assertThat(attempts).hasSize(13).containsOnly(1);
        assertThat(db.count("idle_events")).isEqualTo(1_300);
    }

    /**
     * Server-side sockets of {@code port} in state ESTABLISHED, from the kernel's table (Linux
     * {@code /proc/net/tcp}: local address {@code 0100007F:1F90}, state {@code 01}): the pooled keep-alive
     * connections, whichever client holds them.
     */
    private static long establishedConnections(int port) throws java.io.IOException {
        String local = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            java.nio.file.Path file = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.exists(file)) {
                continue;
            }
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(local) && fields[3].equals("01")) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void insert(BatcherHandle<Event> handle, long from, long to) {
        for (long id = from; id < to; id++) {
            handle.insert(new Event(id, "p" + id));
        }
    }
}
