package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.schema.MissingTable;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table, or its database, dropped and created again under a running batcher (a migration, a table that comes
 * with a later deploy): a wait, not a verdict. Spilled batches stay pending while it is missing and land when it is
 * back; with a write-ahead log the batch is retried until it lands; only {@code missingTableTimeout} sets a batch
 * aside. Both servers.
 */
@ClickHouseTest
class TableLifecycleIT {

    @ClickTable("lifecycle")
    record Row(long id, int v) {
    }

    private static final String CREATE = "CREATE TABLE lifecycle (id UInt64, v Int32) ENGINE = MergeTree() ORDER BY id";

    @TempDir
    Path dir;

    private ClickHouseTransport transport;
    private Batcher<Row> batcher;

    @AfterEach
    void stop() {
        if (batcher != null) {
            batcher.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private BatcherHandle<Row> start(BatchConfig config, FailedBatchHandler handler, BatcherListener listener) {
        batcher = Batcher.builder(Row.class).transport(transport).config(config).failedBatchHandler(handler)
                .listener(listener).closeOnJvmExit(false).build();
        return batcher.start();
    }

    private static void insertAndFlush(BatcherHandle<Row> handle, long from, long to) throws Exception {
        for (long id = from; id <= to; id++) {
            handle.insert(new Row(id, (int) -id));
        }
        handle.flush().toCompletableFuture().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aBatchSpilledWhileTheTableWasMissingWaitsAndLandsWhenItIsCreatedAgain(ClickHouseServer server,
            TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS lifecycle");
        db.execute(CREATE);
        transport = TestTransports.to(server, db.name());
        try (DiskSpill spill = DiskSpill.builder(dir, transport).build()) {
            BatcherHandle<Row> handle = start(BatchConfig.builder().maxRetries(1)
                    .retryBaseDelay(Duration.ofMillis(10)).build(), spill, BatcherListener.NOOP);
            db.execute("DROP TABLE lifecycle");

            insertAndFlush(handle, 1, 5);
            assertThat(spill.stats().pendingFiles()).isEqualTo(1);
            spill.replayNow();
            spill.replayNow();

            assertThat(spill.stats().pendingFiles()).isEqualTo(1);
            assertThat(spill.stats().rejectedFiles()).isZero();
            assertThat(spill.stats().missingTables()).containsExactly("lifecycle");
            assertThat(spill.stats().missingTableWaits()).isEqualTo(2);

            db.execute(CREATE);
            spill.replayNow();

            assertThat(spill.stats().pendingFiles()).isZero();
            assertThat(spill.stats().missingTables()).isEmpty();
            assertThat(db.query("SELECT count(), sum(id + v) FROM lifecycle")).containsExactly(List.of("5", "0"));
        }
    }

    @Test
    void aMissingTableIsSetAsideOnlyAfterMissingTableTimeout(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS lifecycle");
        db.execute(CREATE);
        transport = TestTransports.to(server, db.name());
        try (DiskSpill spill = DiskSpill.builder(dir, transport).missingTableTimeout(Duration.ZERO).build()) {
            BatcherHandle<Row> handle = start(BatchConfig.builder().maxRetries(0).build(), spill,
                    BatcherListener.NOOP);
            db.execute("DROP TABLE lifecycle");
            insertAndFlush(handle, 1, 3);

            spill.replayNow();

            assertThat(spill.stats().rejectedFiles()).isEqualTo(1);
            assertThat(spill.stats().pendingFiles()).isZero();
        }
    }

    @Test
    void aMissingDatabaseIsWaitedForToo(ClickHouseServer server, TestDatabase db) throws Exception {
        String other = db.name() + "_lifecycle";
        db.execute("DROP DATABASE IF EXISTS `" + other + "`");
        db.execute("CREATE DATABASE `" + other + "`");
        db.execute(CREATE.replace("TABLE lifecycle", "TABLE `" + other + "`.lifecycle"));
        transport = TestTransports.to(server, other);
        try (DiskSpill spill = DiskSpill.builder(dir, transport).build()) {
            BatcherHandle<Row> handle = start(BatchConfig.builder().maxRetries(0).build(), spill,
                    BatcherListener.NOOP);
            db.execute("DROP DATABASE `" + other + "`");
            insertAndFlush(handle, 1, 4);
            spill.replayNow();
            assertThat(spill.stats().pendingFiles()).isEqualTo(1);
            assertThat(spill.stats().rejectedFiles()).isZero();

            db.execute("CREATE DATABASE `" + other + "`");
            db.execute(CREATE.replace("TABLE lifecycle", "TABLE `" + other + "`.lifecycle"));
            spill.replayNow();

            assertThat(spill.stats().pendingFiles()).isZero();
            assertThat(db.query("SELECT count() FROM `" + other + "`.lifecycle")).containsExactly(List.of("4"));
        } finally {
            db.execute("DROP DATABASE IF EXISTS `" + other + "`");
        }
    }

    @Test
    void withAWriteAheadLogTheBatchIsRetriedUntilTheTableIsBack(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS lifecycle");
        db.execute(CREATE);
        transport = TestTransports.to(server, db.name());
        AtomicInteger missingRetries = new AtomicInteger();
        BatcherListener retries = new BatcherListener() {
            @Override
            public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
                if (MissingTable.is(cause)) {
                    missingRetries.incrementAndGet();
                }
            }
        };
        BatcherHandle<Row> handle = start(BatchConfig.builder().durability(Durability.WAL)
                .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(200))
                .wal(WalConfig.defaults().withDirectory(dir).withMaxSize(WalConfig.MIN_SIZE)).build(),
                batch -> { }, retries);
        db.execute("DROP TABLE lifecycle");
        for (long id = 1; id <= 6; id++) {
            handle.insert(new Row(id, (int) -id));
        }
        CompletableFuture<FlushStats> flushed = handle.flush().toCompletableFuture();

        await().atMost(Duration.ofSeconds(30)).until(() -> missingRetries.get() >= 3);
        assertThat(flushed).isNotDone();
        db.execute(CREATE);

        assertThat(flushed.get(60, TimeUnit.SECONDS).rows()).isEqualTo(6);
        assertThat(db.query("SELECT count(), sum(id + v) FROM lifecycle")).containsExactly(List.of("6", "0"));
        assertThat(batcher.walStats().orElseThrow().rejectedRows()).isZero();
    }
}
