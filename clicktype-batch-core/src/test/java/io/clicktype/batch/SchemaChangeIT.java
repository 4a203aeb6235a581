package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.schema.SchemaChangeException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of {@code ALTER TABLE} under a running batcher, on both servers, in memory and with a write-ahead log:
 * each accepted row lands with its exact value, or its batch is handed over naming table, column, old and new type
 * and a fix that ClickHouse accepts. The values sit at the ends of {@code Int32}, where a misread shows. Batches wait
 * encoded in memory, in the log, or in a spill file at the moment of the change.
 */
@ClickHouseTest
class SchemaChangeIT {

    @ClickTable("altered")
    record Reading(long id, int v) {
        static Reading of(long id) {
            return new Reading(id, value(id));
        }
    }

    /** The value of row {@code id}: the ends of Int32, where bytes read as another type show at once. */
    static int value(long id) {
        return id % 2 == 1 ? Integer.MAX_VALUE - (int) id : Integer.MIN_VALUE + (int) id;
    }

    /** The stored rows that do not hold their exact value, and the count: "0 of n" when all are exact. */
    private static final String CHECK = "SELECT countIf(v != if(id % 2 = 1, toInt64(2147483647) - toInt64(id), "
            + "toInt64(-2147483648) + toInt64(id))), count(), uniqExact(id) FROM altered";

    private final List<FailedBatch> handedOver = new CopyOnWriteArrayList<>();
    private ClickHouseTransport transport;
    private Batcher<Reading> batcher;

    @TempDir
    Path dir;

    @BeforeEach
    void create(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS altered");
        db.execute("CREATE TABLE altered (id UInt64, v Int32, note String DEFAULT '') ENGINE = MergeTree() "
                + "ORDER BY id");
        transport = TestTransports.to(server, db.name());
    }

    @AfterEach
    void stop() {
        if (batcher != null) {
            batcher.close();
        }
        transport.close();
    }

    private BatcherHandle<Reading> start(Durability durability, BatcherListener listener) {
        BatchConfig.Builder config = BatchConfig.builder().maxRetries(0).maxWait(Duration.ofHours(1))
                .durability(durability);
        if (durability == Durability.WAL) {
            config.wal(WalConfig.defaults().withDirectory(dir.resolve("wal")).withMaxSize(WalConfig.MIN_SIZE));
        }
        batcher = Batcher.builder(Reading.class).transport(transport).config(config.build()).listener(listener)
                .failedBatchHandler(handedOver::add).closeOnJvmExit(false).build();
        return batcher.start();
    }

    /**
     * Inserts rows {@code from..to} and waits until the batcher holds them encoded: in memory, until the worker took
     * them from the queue into the batch; with a log, {@code insert} encoded and appended them before it returned.
     */
    private void insertEncoded(BatcherHandle<Reading> handle, long from, long to) {
        for (long id = from; id <= to; id++) {
            handle.insert(Reading.of(id));
        }
        if (batcher.config().durability() == Durability.MEMORY) {
            await().atMost(Duration.ofSeconds(10)).until(() -> handle.queuedRows() == 0);
        }
    }

    private static void flush(BatcherHandle<Reading> handle) throws Exception {
        handle.flush().toCompletableFuture().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aColumnWidenedWhileBatchesWaitEncodedForTheOldTypeStoresEveryValueExactly(Durability durability,
            TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(durability, BatcherListener.NOOP);
        insertEncoded(handle, 1, 9);

        db.execute("ALTER TABLE altered MODIFY COLUMN v Int64");
        flush(handle);
        insertEncoded(handle, 10, 12);
        flush(handle);

        assertThat(db.query(CHECK)).containsExactly(List.of("0", "12", "12"));
        assertThat(handedOver).isEmpty();
        assertThat(batcher.stats().flushedRows()).isEqualTo(12);
        assertThat(batcher.schemaDrift()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void columnsAddedWithADefaultDroppedUnusedOrReorderedNeedNothing(Durability durability, TestDatabase db)
            throws Exception {
        BatcherHandle<Reading> handle = start(durability, BatcherListener.NOOP);
        insertEncoded(handle, 1, 3);
        db.execute("ALTER TABLE altered ADD COLUMN added String DEFAULT 'dflt'");
        flush(handle);
        insertEncoded(handle, 4, 6);
        db.execute("ALTER TABLE altered DROP COLUMN note");
        flush(handle);
        insertEncoded(handle, 7, 9);
        // reordered: the same columns in another order, swapped in by a rename (18.16 has no MODIFY ... FIRST)
        db.execute("CREATE TABLE altered_new (added String DEFAULT 'dflt', v Int32, id UInt64) ENGINE = MergeTree() "
                + "ORDER BY id");
        db.execute("INSERT INTO altered_new (added, v, id) SELECT added, v, id FROM altered");
        db.execute("RENAME TABLE altered TO altered_old, altered_new TO altered");
        flush(handle);

        assertThat(db.query(CHECK)).containsExactly(List.of("0", "9", "9"));
        assertThat(db.query("SELECT count() FROM altered WHERE added = 'dflt'")).containsExactly(List.of("9"));
        assertThat(handedOver).isEmpty();
        db.execute("DROP TABLE altered_old");
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aNarrowedColumnIsNeverWrittenSilentlyAndTheSuggestedFixLetsTheKeptBatchLandExactly(Durability durability,
            TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(durability, BatcherListener.NOOP);
        insertEncoded(handle, 1, 4);

        db.execute("ALTER TABLE altered MODIFY COLUMN v Int16");
        flush(handle);

        assertThat(db.count("altered")).isZero();
        String fix = "ALTER TABLE `altered` MODIFY COLUMN `v` Int32";
        if (durability == Durability.MEMORY) {
            assertThat(handedOver).singleElement().satisfies(batch -> {
                assertThat(batch.rows()).isEqualTo(4);
                assertThat(batch.cause()).isInstanceOf(SchemaChangeException.class)
                        .hasMessageContaining("column `v` of altered was Int32 when the batch was encoded and is "
                                + "Int16 now (narrowing")
                        .hasMessageContaining(fix);
            });
        } else {
            await().atMost(Duration.ofSeconds(30)).until(() -> batcher.walStats().orElseThrow().rejectedRows() == 4);
        }
        // the fix the message gives, then a replay of the kept batch: every value exact
        db.execute(fix);
        Path kept = durability == Durability.MEMORY ? dir.resolve("spill")
                : dir.resolve("wal").resolve(DiskSpill.fileNamePart(batcher.table())).resolve("rejected");
        try (DiskSpill spill = DiskSpill.builder(kept, transport).build()) {
            handedOver.forEach(spill::onFailedBatch);
            spill.replayNow();
            assertThat(spill.stats().rejectedFiles()).isZero();
        }
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "4", "4"));
    }

    @Test
    void aSpilledBatchReplayedAfterItsColumnWasWidenedLandsExactly(TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(Durability.MEMORY, BatcherListener.NOOP);
        try (DiskSpill spill = DiskSpill.builder(dir.resolve("spill"), transport).build()) {
            insertEncoded(handle, 1, 5);
            db.execute("ALTER TABLE altered MODIFY COLUMN v Nullable(String)");
            flush(handle);
            spill.onFailedBatch(handedOver.get(0));

            db.execute("ALTER TABLE altered MODIFY COLUMN v Nullable(Int64)");
            spill.replayNow();

            assertThat(spill.stats().pendingFiles()).isZero();
            assertThat(spill.stats().rejectedFiles()).isZero();
        }
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "5", "5"));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void anAlterWhileProducersKeepInsertingLosesAndMisreadsNothing(Durability durability, TestDatabase db)
            throws Exception {
        AtomicBoolean altered = new AtomicBoolean();
        AtomicLong flushes = new AtomicLong();
        // the ALTER runs on the sender thread after the third batch landed, while the producer keeps inserting
        BatcherListener alterAfterThirdBatch = new BatcherListener() {
            @Override
            public void flushSucceeded(TableRef table, FlushStats stats) {
                if (flushes.incrementAndGet() == 3 && altered.compareAndSet(false, true)) {
                    db.execute("ALTER TABLE altered MODIFY COLUMN v Int64");
                }
            }
        };
        BatchConfig.Builder config = BatchConfig.builder().maxRows(500).maxWait(Duration.ofMillis(20))
                .durability(durability);
        if (durability == Durability.WAL) {
            config.wal(WalConfig.defaults().withDirectory(dir.resolve("wal")).withMaxSize(WalConfig.MIN_SIZE));
        }
        batcher = Batcher.builder(Reading.class).transport(transport).config(config.build())
                .listener(alterAfterThirdBatch).failedBatchHandler(handedOver::add).closeOnJvmExit(false).build();
        BatcherHandle<Reading> handle = batcher.start();
        long rows = 20_000;
        Thread producer = new Thread(() -> {
            for (long id = 1; id <= rows; id++) {
                handle.insert(Reading.of(id));
            }
        });
        producer.start();
        producer.join(60_000);
        flush(handle);

        assertThat(altered).isTrue();
        assertThat(flushes.get()).isGreaterThan(4);
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "20000", "20000"));
        assertThat(handedOver).isEmpty();
    }

    @Test
    void logRecordsWrittenBeforeAnAlterAndReplayedByARunStartedAfterItLandExactly(ClickHouseServer server,
            TestDatabase db) throws Exception {
        BatchConfig config = BatchConfig.builder().durability(Durability.WAL).shutdownTimeout(Duration.ofSeconds(1))
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(100))
                .wal(WalConfig.defaults().withDirectory(dir.resolve("wal")).withMaxSize(WalConfig.MIN_SIZE)).build();
        // run 1 cannot reach the server: its rows, encoded for Int32, stay in the log
        try (ClickHouseTransport away = TestTransports.to("http://127.0.0.1:1", server, db.name());
                Batcher<Reading> first = Batcher.builder(Reading.class).transport(away).config(config)
                        .columns(List.of(new TableColumn("id", "UInt64", ""), new TableColumn("v", "Int32", ""),
                                new TableColumn("note", "String", "DEFAULT")))
                        .closeOnJvmExit(false).build()) {
            BatcherHandle<Reading> handle = first.start();
            for (long id = 1; id <= 5; id++) {
                handle.insert(Reading.of(id));
            }
        }
        db.execute("ALTER TABLE altered MODIFY COLUMN v Int64");

        // run 2 starts against the altered table, encodes for Int64, and replays run 1's records as Int32
        batcher = Batcher.builder(Reading.class).transport(transport).config(config).failedBatchHandler(handedOver::add)
                .closeOnJvmExit(false).build();
        BatcherHandle<Reading> handle = batcher.start();
        for (long id = 6; id <= 8; id++) {
            handle.insert(Reading.of(id));
        }
        flush(handle);

        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("altered") >= 8);
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "8", "8"));
        assertThat(handedOver).isEmpty();
        assertThat(batcher.walStats().orElseThrow().rejectedRows()).isZero();
    }

    @Test
    void anIncompatibleChangeKeepsTheBatchAndSaysWhatChanged(TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(Durability.MEMORY, BatcherListener.NOOP);
        insertEncoded(handle, 1, 2);
        db.execute("ALTER TABLE altered MODIFY COLUMN v String");
        flush(handle);

        assertThat(db.count("altered")).isZero();
        assertThat(handedOver).singleElement().satisfies(batch -> assertThat(batch.rows()).isEqualTo(2));
        assertThat(batcher.schemaDrift()).singleElement().asString().contains("v", "String", "int");
    }
}
