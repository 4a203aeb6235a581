package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.OwnedClickHouseServer;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What each {@link InsertMode} does on the server, not only what the client meant to send, on a server of the
 * test's own whose async-insert queue waits 3 s before it flushes (as a busy 26.x server may; async_insert is
 * on by default since 26.3). In SYNC mode a batch is in the table when its insert returns; in ASYNC mode the
 * insert is acknowledged only after the server's flush, and meanwhile sits in its queue.
 *
 * <p>chDB's engine (the harness's 26.7) runs async inserts synchronously: clickhouse-local has no
 * async-insert queue. The queue test detects that and is skipped there, saying so (docs/testing.md).
 */
@ClickHouseTest
class InsertModeIT {

    private static final long QUEUE_WAIT_MS = 3_000;
    private static OwnedClickHouseServer server;
    private static boolean serverQueues;

    @ClickTable("mode_events")
    record Event(long id, String payload) {
    }

    @BeforeAll
    static void startServerWithASlowAsyncQueue(ClickHouseServer shared) {
        if (!shared.supportsSetting("async_insert") || !shared.canRestart()) {
            return;
        }
        server = ClickHouseServers.startOwn("UTC", Map.of("async_insert_busy_timeout_min_ms", "" + QUEUE_WAIT_MS,
                "async_insert_busy_timeout_max_ms", "" + QUEUE_WAIT_MS, "async_insert_use_adaptive_busy_timeout", "0"));
        server.execute("CREATE TABLE mode_events (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id "
                + "SETTINGS non_replicated_deduplication_window = 100");
        // A fire-and-forget async insert: with a queue its row shows up only after the 3 s busy timeout.
        server.execute("INSERT INTO mode_events SETTINGS async_insert = 1, wait_for_async_insert = 0 VALUES (0, 'probe')");
        serverQueues = count() == 0;
        LoggerFactory.getLogger(InsertModeIT.class).info("Server {} {}", server, serverQueues
                ? "has an async-insert queue" : "runs async inserts synchronously: it has no async-insert queue");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void syncBatchesAreInTheTableWhenTheInsertReturnsWithoutWaitingForTheServersQueue(ClickHouseServer shared)
            throws Exception {
        requireOwnServer(shared);
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
        server.execute("TRUNCATE TABLE mode_events");
        FlushStats stats = flushOneBatch(InsertMode.SYNC, 1, null);

        assertThat(count()).isEqualTo(100);
        assertThat(stats.duration()).isLessThan(Duration.ofMillis(QUEUE_WAIT_MS / 2));
    }

    @Test
    void asyncBatchesWaitInTheServersQueueAndAreAcknowledgedOnlyAfterItsFlush(ClickHouseServer shared)
            throws Exception {
        requireOwnServer(shared);
        Assumptions.assumeTrue(serverQueues, "SKIPPED: ClickHouse " + shared.version() + " (" + shared.source()
                + ") runs async inserts synchronously (chDB's clickhouse-local has no async-insert queue)");
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
        server.execute("TRUNCATE TABLE mode_events");
        FlushStats stats = flushOneBatch(InsertMode.ASYNC, 1_000, () -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> queued() > 0);
            assertThat(count()).isZero();
        });

        assertThat(count()).isEqualTo(100);
        assertThat(stats.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(QUEUE_WAIT_MS / 2));
    }

    @Test
    void asyncModeWritesWhereTheServerHasAsyncInsertsAndRefusesToStartWhereItHasNot(ClickHouseServer shared,
            TestDatabase db) throws Exception {
        db.execute("CREATE TABLE mode_events (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        BatchConfig config = BatchConfig.builder().insertMode(InsertMode.ASYNC).build();
        try (ClickHouseTransport transport = TestTransports.to(shared, db.name())) {
            Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build();
            if (!shared.supportsSetting("async_insert")) {
                assertThatThrownBy(batcher::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("insertMode=ASYNC for mode_events")
                        .hasMessageContaining("clicktype.batch.insert-mode=sync");
                return;
            }
            try (batcher) {
                BatcherHandle<Event> handle = batcher.start();
                for (long id = 0; id < 100; id++) {
                    handle.insert(new Event(id, "p" + id));
                }
                handle.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(db.count("mode_events")).isEqualTo(100);
    }

    @Test
    void anAsyncInsertSentTwiceWithOneTokenIsStoredOnce(ClickHouseServer shared) throws Exception {
        requireOwnServer(shared);
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
        server.execute("TRUNCATE TABLE mode_events");
        try (ClickHouseTransport transport = transport()) {
            InsertRequest request = new InsertRequest(TableRef.of("mode_events"), List.of("id", "payload"),
                    new byte[] {7, 0, 0, 0, 0, 0, 0, 0, 1, 'x'}, 10, 1,
                    Map.of("async_insert", "1", "wait_for_async_insert", "1", "async_insert_deduplicate", "1",
                            "insert_deduplication_token", "same-batch"));
            transport.insert(request);
            transport.insert(request);
        }
        assertThat(count()).isEqualTo(1);
    }

    private static void requireOwnServer(ClickHouseServer shared) {
        ClickHouseAssumptions.assumeSetting(shared, "async_insert");
        ClickHouseAssumptions.assumeRestartable(shared);
    }

    private FlushStats flushOneBatch(InsertMode mode, long firstId, Runnable whileOutstanding) throws Exception {
        BatchConfig config = BatchConfig.builder().insertMode(mode).maxWait(Duration.ofMinutes(1)).build();
        try (ClickHouseTransport transport = transport();
             Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build()) {
            BatcherHandle<Event> handle = batcher.start();
            for (long id = firstId; id < firstId + 100; id++) {
                handle.insert(new Event(id, "p" + id));
            }
            CompletableFuture<FlushStats> flushed = handle.flush().toCompletableFuture();
            if (whileOutstanding != null) {
                whileOutstanding.run();
            }
            return flushed.get(30, TimeUnit.SECONDS);
        }
    }

    private static ClickHouseTransport transport() {
        return TestTransports.to(server, "default");
    }

    private static long count() {
        return Long.parseLong(server.execute("SELECT count() FROM mode_events").trim());
    }

    private static long queued() {
        return Long.parseLong(server.execute(
                "SELECT count() FROM system.asynchronous_inserts WHERE table = 'mode_events'").trim());
    }
}
