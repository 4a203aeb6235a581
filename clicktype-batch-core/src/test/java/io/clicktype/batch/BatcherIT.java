package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batcher end to end: annotations → mapping → engine → client-v2 transport → a real ClickHouse. */
@ClickHouseTest
class BatcherIT {

    @ClickTable("page_views")
    record PageView(long id, Instant ts, String url, @ClickColumn(name = "user_id") long user, List<String> tags,
            Double score) {
    }

    private ClickHouseTransport transport;

    @BeforeEach
    void createTable(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS page_views");
        db.execute("CREATE TABLE page_views (id UInt64, ts DateTime, url String, user_id UInt32, tags Array(String), "
                + "score Nullable(Float64), day Date DEFAULT toDate(ts)) ENGINE = MergeTree() ORDER BY id");
        ConnectionConfig connection = new ConnectionConfig(List.of(server.httpUrl()), server.username(),
                server.password(), db.name(), true, Duration.ofSeconds(1), Duration.ofSeconds(10), null, null);
        transport = ClickHouseTransports.clientV2(connection);
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void rowsInsertedThroughTheBatcherAreReadBackWithTheirValues(TestDatabase db) throws Exception {
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport)
                .config(BatchConfig.builder().maxRows(3_000).build()).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            for (int i = 0; i < 10_000; i++) {
                handle.insert(view(i));
            }
            handle.flush().get(30, TimeUnit.SECONDS);

            assertThat(db.count("page_views")).isEqualTo(10_000);
            assertThat(db.query("SELECT id, toUnixTimestamp(ts), url, user_id, tags, score, day FROM page_views "
                    + "WHERE id IN (0, 8) ORDER BY id")).containsExactly(
                    List.of("0", "1700000000", "/p/0", "0", "['a','b0']", "\\N", "2023-11-14"),
                    List.of("8", "1700000008", "/p/8", "8", "['a','b8']", "3.5", "2023-11-14"));
            assertThat(batcher.stats().flushes()).isEqualTo(4);
        }
    }

    @Test
    void aRowTheTableCannotHoldIsRefusedAtInsert() {
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            PageView tooBig = new PageView(1, Instant.EPOCH, "/", 1L << 40, List.of(), null);

            assertThatThrownBy(() -> handle.insert(tooBig)).isInstanceOf(RowRejectedException.class)
                    .hasMessageContaining("user_id").hasMessageContaining("UInt32");
        }
    }

    @Test
    void aRowTypeThatDoesNotMatchTheTableDoesNotStart(TestDatabase db) {
        db.execute("ALTER TABLE page_views MODIFY COLUMN url UInt64");
        Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).build();

        assertThatThrownBy(batcher::start).isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("page_views").hasMessageContaining("url");
    }

    @Test
    void aFlushDuringAnOutageLandsAfterTheServerIsBackWithoutLoss(ClickHouseServer server, TestDatabase db)
            throws Exception {
        ClickHouseAssumptions.assumeRestartable(server);
        BatchConfig config = BatchConfig.builder().maxRetries(100).retryBaseDelay(Duration.ofMillis(100))
                .retryMaxDelay(Duration.ofMillis(500)).build();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).config(config).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            for (int i = 0; i < 1_000; i++) {
                handle.insert(view(i));
            }
            handle.flush().get(30, TimeUnit.SECONDS);

            server.stop();
            for (int i = 1_000; i < 2_000; i++) {
                handle.insert(view(i));
            }
            CompletableFuture<FlushStats> duringOutage = handle.flush();
            org.awaitility.Awaitility.await().until(() -> batcher.stats().lastError() != null);
            assertThat(duringOutage).isNotDone();
            server.start();

            FlushStats stats = duringOutage.get(60, TimeUnit.SECONDS);
            assertThat(stats.attempts()).isGreaterThan(1);
            assertThat(db.count("page_views")).isEqualTo(2_000);
            assertThat(db.query("SELECT uniqExact(id) FROM page_views")).containsExactly(List.of("2000"));
        } finally {
            server.start();
        }
    }

    private static PageView view(int i) {
        return new PageView(i, Instant.ofEpochSecond(1_700_000_000L + i), "/p/" + i, i, List.of("a", "b" + i),
                i % 7 == 0 ? null : 3.5);
    }
}
