package io.clicktype.batch.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.autoconfigure.FakeTransport;
import io.clicktype.batch.autoconfigure.entities.PageView;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The runtime health pieces without Spring: the server ping, and a table's state from its own outcomes. */
class HealthIndicatorsTest {

    @Test
    void theServerIndicatorPingsOnce() {
        FakeTransport transport = new FakeTransport();
        ServerHealthIndicator server = new ServerHealthIndicator(transport);
        assertThat(server.health().getStatus()).isEqualTo(Status.UP);

        transport.down = true;
        assertThat(server.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(server.health().getDetails().get("reason").toString()).contains("Connection refused");
    }

    @Test
    void aTableIsDownAfterThreeFailedFlushesAndUpAgainAfterOneThatLands() throws Exception {
        FakeTransport transport = new FakeTransport();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).closeOnJvmExit(false)
                .config(BatchConfig.builder().maxRetries(0).build()).failedBatchHandler(batch -> { }).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            BatcherHealthIndicator table = new BatcherHealthIndicator(batcher);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);

            transport.down = true;
            for (int i = 0; i < BatcherHealthIndicator.FAILED_FLUSHES_DOWN; i++) {
                handle.insert(new PageView(i, "/"));
                handle.flush().toCompletableFuture().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
            }
            assertThat(table.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(table.health().getDetails().get("reason").toString()).contains("3 consecutive flushes failed");

            transport.down = false;
            handle.insert(new PageView(9, "/"));
            handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);
            assertThat(table.health().getDetails()).containsKeys("delivery", "lastSuccessfulFlush");
        }
    }

    /** A memory table is DOWN by its failed attempts too, before its first batch has used up its retries. */
    @Test
    void aMemoryTableIsDownAfterThreeFailedAttemptsBeforeAnyFlushFailed() throws Exception {
        assertDownWhileAttemptsFailThenUp(BatchConfig.builder().maxRetries(1_000), "failed-batch handler");
    }

    /**
     * A write-ahead-log table retries a failing batch until it lands, so no flush ever counts as failed: it is DOWN by
     * its failed attempts (a trial saw it UP through a whole outage), and UP again once the batch lands.
     */
    @Test
    void aWalTableIsDownAfterThreeFailedAttemptsAndUpAgainOnceTheBatchLands(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertDownWhileAttemptsFailThenUp(BatchConfig.builder().durability(io.clicktype.batch.Durability.WAL)
                .wal(io.clicktype.batch.WalConfig.defaults().withDirectory(dir)
                        .withMaxSize(io.clicktype.batch.WalConfig.MIN_SIZE)), "write-ahead log");
    }

    /**
     * With ClickHouse away, one batch retried quickly: the table is DOWN by its failed attempts before any flush
     * failed, its reason naming {@code whereRowsWait}, and UP once the batch lands.
     */
    private static void assertDownWhileAttemptsFailThenUp(BatchConfig.Builder config, String whereRowsWait)
            throws Exception {
        FakeTransport transport = new FakeTransport();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).closeOnJvmExit(false)
                .config(config.retryBaseDelay(java.time.Duration.ofMillis(10))
                        .retryMaxDelay(java.time.Duration.ofMillis(20)).build())
                .failedBatchHandler(batch -> { }).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            BatcherHealthIndicator table = new BatcherHealthIndicator(batcher);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);

            transport.down = true;
            handle.insert(new PageView(1, "/"));
            var landed = handle.flush();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> table.health().getStatus().equals(Status.DOWN));
            assertThat(table.health().getDetails().get("reason").toString())
                    .contains("consecutive insert attempts failed").contains(whereRowsWait);
            assertThat(batcher.stats().consecutiveFailedFlushes()).isZero();

            transport.down = false;
            landed.toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);
            assertThat(batcher.stats().consecutiveFailedAttempts()).isZero();
        }
    }

    @Test
    void aTableIsDownWhileItsSenderFailedUnexpectedlyAndUpOnceABatchLandsAgain() throws Exception {
        FakeTransport transport = new FakeTransport();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).closeOnJvmExit(false)
                .config(BatchConfig.builder().build()).failedBatchHandler(batch -> { }).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            BatcherHealthIndicator table = new BatcherHealthIndicator(batcher);

            transport.insertError = new OutOfMemoryError("simulated: Java heap space");
            handle.insert(new PageView(1, "/"));
            handle.flush().toCompletableFuture().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
            assertThat(table.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(table.health().getDetails().get("reason").toString())
                    .contains("sender failed unexpectedly").contains("Java heap space");
            assertThat(table.health().getDetails()).containsEntry("failedRows", 1L);

            transport.insertError = null;
            handle.insert(new PageView(2, "/"));
            handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    /** A fresh-user trial found an idle table DOWN for good after an outage although the spill had replayed it all. */
    @Test
    void anIdleTableIsUpAgainOnceTheSpillReplayedWhatFailed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FakeTransport transport = new FakeTransport();
        io.clicktype.batch.DiskSpill spill = io.clicktype.batch.DiskSpill.builder(dir, transport).build();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).closeOnJvmExit(false)
                .config(BatchConfig.builder().maxRetries(0).build()).failedBatchHandler(spill).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            BatcherHealthIndicator table = new BatcherHealthIndicator(batcher, spill);
            transport.down = true;
            for (int i = 0; i < BatcherHealthIndicator.FAILED_FLUSHES_DOWN; i++) {
                handle.insert(new PageView(i, "/"));
                handle.flush().toCompletableFuture().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
            }
            assertThat(table.health().getStatus()).isEqualTo(Status.DOWN);

            transport.down = false;
            assertThat(spill.replayNow()).isEqualTo(BatcherHealthIndicator.FAILED_FLUSHES_DOWN);

            assertThat(table.health().getStatus()).as("no new row: the replays alone bring it back").isEqualTo(Status.UP);
        } finally {
            spill.close();
        }
    }

    @Test
    void deliveredRowsCountTheSpillsReplaysOfTheTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FakeTransport transport = new FakeTransport();
        io.clicktype.batch.DiskSpill spill = io.clicktype.batch.DiskSpill.builder(dir, transport).build();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).closeOnJvmExit(false)
                .config(BatchConfig.builder().maxRetries(0).build()).failedBatchHandler(spill).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            BatcherHealthIndicator table = new BatcherHealthIndicator(batcher, spill);
            handle.insert(new PageView(1, "/"));
            handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);
            transport.down = true;
            handle.insert(new PageView(2, "/"));
            handle.insert(new PageView(3, "/"));
            handle.flush().toCompletableFuture().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
            transport.down = false;
            assertThat(spill.replayNow()).isEqualTo(2);

            assertThat(table.health().getDetails()).containsEntry("flushedRows", 1L).containsEntry("failedRows", 2L)
                    .containsEntry("replayedRows", 2L).containsEntry("deliveredRows", 3L);
        } finally {
            spill.close();
        }
    }
}
