package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Many batchers share one client whose pool is much smaller than their number (plain Java's default is 10
 * connections, whatever the number of tables): they take turns for its connections by design. Thirty tables flush
 * at once through a pool of 3 (1 for inserts) with a 100 ms connect timeout; no insert fails or is retried for want
 * of a connection (a wait in the client's pool longer than the connect timeout would fail the attempt), and every
 * row lands.
 */
@ClickHouseTest
class SharedPoolIT {

    private static final int TABLES = 30;
    private static final int ROWS = 10_000;

    @Test
    void batchersTakeTurnsForASmallPoolInsteadOfFailingForAConnection(ClickHouseServer server, TestDatabase db)
            throws Exception {
        for (int t = 0; t < TABLES; t++) {
            db.execute("DROP TABLE IF EXISTS " + ManyTables.table(t));
            db.execute("CREATE TABLE " + ManyTables.table(t) + " (id UInt64, payload String) ENGINE = MergeTree() "
                    + "ORDER BY id");
        }
        AtomicInteger retries = new AtomicInteger();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatcherListener listener = new BatcherListener() {
            @Override
            public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
                retries.incrementAndGet();
                failures.add(cause);
            }
        };
        ConnectionConfig connection = ConnectionConfig.builder(server.httpUrl()).username(server.username())
                .password(server.password()).database(db.name()).connectTimeout(Duration.ofMillis(100))
                .maxConnections(3).build();
        BatchConfig config = BatchConfig.builder().maxWait(Duration.ofMinutes(1)).build();
        String payload = "x".repeat(300);
        List<Batcher<Object>> batchers = new ArrayList<>();
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(connection)) {
            try {
                List<BatcherHandle<Object>> handles = new ArrayList<>();
                for (int t = 0; t < TABLES; t++) {
                    @SuppressWarnings("unchecked")
                    Batcher<Object> batcher = (Batcher<Object>) (Batcher<?>) Batcher.builder(ManyTables.TYPES.get(t))
                            .transport(transport).config(config).listener(listener).closeOnJvmExit(false).build();
                    batchers.add(batcher);
                    handles.add(batcher.start());
                }
                for (int t = 0; t < TABLES; t++) {
                    BiFunction<Long, String, Object> row = ManyTables.rowMaker(t);
                    for (long id = 0; id < ROWS; id++) {
                        handles.get(t).insert(row.apply(id, payload));
                    }
                }
                List<CompletableFuture<FlushStats>> flushes = new ArrayList<>();
                for (BatcherHandle<Object> handle : handles) {
                    flushes.add(handle.flush());
                }
                CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            } finally {
                batchers.forEach(Batcher::close);
            }
        }
        assertThat(failures).as("no attempt failed waiting for a connection").isEmpty();
        assertThat(retries).hasValue(0);
        for (int t = 0; t < TABLES; t++) {
            assertThat(db.count(ManyTables.table(t))).isEqualTo(ROWS);
        }
    }
}
