package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.LostResponseProxy;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The ambiguous failure a deduplication token exists for: the server stored the batch but its answer was
 * lost. Retried (by the batcher) or replayed (from the spill), the batch must be stored once where the
 * table deduplicates — count == distinct == accepted — and where it cannot (18.16: no token; a MergeTree
 * has no deduplication window there) exactly one extra copy per lost answer, never a lost row.
 *
 * <p>A table deduplicates tokens on 26.x only with {@code non_replicated_deduplication_window > 0} (its
 * default is 0: tokens ignored) or as a Replicated* table; the test creates it with a window where the
 * server has the setting.
 */
@ClickHouseTest
class ExactlyOnceIT {

    private static final int BATCH = 1_000;

    @ClickTable("events")
    record Event(long id, String payload) {
    }

    @TempDir
    Path spillDir;

    private LostResponseProxy proxy;
    private ClickHouseTransport transport;
    private boolean deduplicating;

    @BeforeEach
    void setUp(ClickHouseServer server, TestDatabase db) {
        deduplicating = db.canDeduplicateTokens();
        db.execute("DROP TABLE IF EXISTS events");
        db.execute("CREATE TABLE events (id UInt64, payload String) " + db.deduplicatingMergeTree("id"));
        proxy = LostResponseProxy.start(server);
        transport = TestTransports.to(proxy.url(), server, db.name());
    }

    @AfterEach
    void tearDown() {
        transport.close();
        proxy.close();
    }

    @Test
    void retriesAfterLostAnswersStoreEachBatchOnceWhereTheTableDeduplicates(TestDatabase db) throws Exception {
        BatchConfig config = BatchConfig.builder().maxRows(BATCH).maxWait(Duration.ofMinutes(1)).maxRetries(5)
                .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(50)).build();
        long accepted = 10 * BATCH;
        try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build()) {
            BatcherHandle<Event> handle = batcher.start();
            proxy.loseNextInsertResponses(3);
            for (long id = 0; id < accepted; id++) {
                handle.insert(new Event(id, "e" + id));
            }
            handle.flush().get(60, TimeUnit.SECONDS);

            assertThat(proxy.lostResponses()).isEqualTo(3);
            assertThat(batcher.stats().lostRows()).isZero();
            assertThat(batcher.stats().failedRows()).isZero();
        }
        assertStoredOnce(db, accepted, 3);
    }

    @Test
    void aSpilledBatchWhoseAnswerWasLostIsReplayedOnceWhereTheTableDeduplicates(ClickHouseServer server,
            TestDatabase db) throws Exception {
        BatchConfig config = BatchConfig.builder().maxRows(BATCH).maxRetries(0).build();
        try (DiskSpill spill = DiskSpill.builder(spillDir, transport).build()) {
            try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config)
                    .failedBatchHandler(spill).build()) {
                BatcherHandle<Event> handle = batcher.start();
                proxy.loseNextInsertResponses(1);
                for (long id = 0; id < BATCH; id++) {
                    handle.insert(new Event(id, "e" + id));
                }
            }
            // Closing drains the batcher: the batch was sent once, its answer lost, and handed to the spill.
            assertThat(proxy.lostResponses()).isEqualTo(1);
            assertThat(spill.stats().pendingRows()).isEqualTo(BATCH);
            // The server did store the batch whose answer was lost.
            assertThat(db.count("events")).isEqualTo(BATCH);

            assertThat(spill.replayNow()).isEqualTo(BATCH);
            assertThat(spill.stats().pendingFiles()).isZero();
        }
        assertStoredOnce(db, BATCH, 1);
    }

    private void assertStoredOnce(TestDatabase db, long accepted, int lostAnswers) {
        long rows = db.count("events");
        long distinct = Long.parseLong(db.query("SELECT uniqExact(id) FROM events").get(0).get(0));
        LoggerFactory.getLogger(ExactlyOnceIT.class).info("{} accepted, {} lost answers: {} rows, {} distinct ({})",
                accepted, lostAnswers, rows, distinct, deduplicating ? "deduplicating table: exactly-once"
                        : "no deduplication on this server: at-least-once");
        assertThat(distinct).isEqualTo(accepted);
        assertThat(rows).isEqualTo(deduplicating ? accepted : accepted + (long) lostAnswers * BATCH);
    }
}
