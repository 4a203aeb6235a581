package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.schema.SchemaChangeException;
import io.clicktype.batch.schema.SchemaFailure;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of {@code ALTER TABLE} under a running batcher, on both servers, in memory and with a write-ahead log,
 * in both batch formats: each accepted row lands with its exact value, or its batch is handed over naming table,
 * column, old and new type and a fix that ClickHouse accepts. The values sit at the ends of {@code Int32}, where a
 * misread shows. Batches wait encoded in memory, in the log, or in a spill file at the moment of the change. Native
 * batches go only to a server that checks a block's column types (26.7; {@code AUTO} is Native there); 18.16 gets
 * RowBinary whatever is configured, so there both formats take the RowBinary path.
 */
@ClickHouseTest
class SchemaChangeIT {

    @ClickTable("altered")
    record Reading(long id, int v) {
        static Reading of(long id) {
            return new Reading(id, value(id));
        }
    }

    /** The same table with its text column written too. */
    @ClickTable("altered")
    record Noted(long id, int v, String note) {
        static Noted of(long id) {
            return new Noted(id, value(id), "n" + id);
        }
    }

    /** The transport, recording the format of every insert the server acknowledged, and the server's refusals. */
    static final class FormatsSent extends ForwardingTransport {
        final List<BatchFormat> formats = new CopyOnWriteArrayList<>();
        final List<TransportException> refusals = new CopyOnWriteArrayList<>();

        FormatsSent(ClickHouseTransport real) {
            super(real);
        }

        @Override
        public void insert(InsertRequest request) {
            try {
                super.insert(request);
            } catch (TransportException e) {
                refusals.add(e);
                throw e;
            }
            formats.add(request.format());
        }
    }

    /** Each durability with each explicit format. */
    static Stream<Arguments> modes() {
        return Stream.of(Durability.values()).flatMap(durability -> Stream.of(BatchFormat.NATIVE,
                BatchFormat.ROW_BINARY).map(format -> Arguments.of(durability, format)));
    }

    /** The value of row {@code id}: the ends of Int32, where bytes read as another type show at once. */
    static int value(long id) {
        return id % 2 == 1 ? Integer.MAX_VALUE - (int) id : Integer.MIN_VALUE + (int) id;
    }

    /** The stored rows that do not hold their exact value, and the count: "0 of n" when all are exact. */
    private static final String CHECK = "SELECT countIf(v != if(id % 2 = 1, toInt64(2147483647) - toInt64(id), "
            + "toInt64(-2147483648) + toInt64(id))), count(), uniqExact(id) FROM altered";

    private final List<FailedBatch> handedOver = new CopyOnWriteArrayList<>();
    private FormatsSent transport;
    private Batcher<Reading> batcher;

    @TempDir
    Path dir;

    @BeforeEach
    void create(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS altered");
        db.execute("CREATE TABLE altered (id UInt64, v Int32, note String DEFAULT '') ENGINE = MergeTree() "
                + "ORDER BY id");
        transport = new FormatsSent(TestTransports.to(server, db.name()));
    }

    /** What {@code configured} resolves to on this server: Native only where the server checks a block's types. */
    private BatchFormat sentAs(BatchFormat configured) {
        boolean checksTypes = transport.serverInfo().checksNativeTypes();
        return configured != BatchFormat.ROW_BINARY && checksTypes ? BatchFormat.NATIVE : BatchFormat.ROW_BINARY;
    }

    @AfterEach
    void stop() {
        if (batcher != null) {
            batcher.close();
        }
        transport.close();
    }

    private BatcherHandle<Reading> start(Durability durability, BatchFormat format) {
        batcher = Batcher.builder(Reading.class).transport(transport).config(config(durability, format))
                .failedBatchHandler(handedOver::add).closeOnJvmExit(false).build();
        return batcher.start();
    }

    private BatchConfig config(Durability durability, BatchFormat format) {
        BatchConfig.Builder config = BatchConfig.builder().maxRetries(0).maxWait(Duration.ofHours(1))
                .durability(durability).format(format);
        if (durability == Durability.WAL) {
            config.wal(WalConfig.defaults().withDirectory(dir.resolve("wal")).withMaxSize(WalConfig.MIN_SIZE));
        }
        return config.build();
    }

    /**
     * Inserts rows {@code from..to} and waits until the batcher holds them encoded: in memory, until the worker took
     * them from the queue into the batch; with a log, {@code insert} encoded and appended them before it returned.
     */
    private void insertEncoded(BatcherHandle<Reading> handle, long from, long to) {
        insertAll(handle, from, to, Reading::of);
        if (batcher.config().durability() == Durability.MEMORY) {
            await().atMost(Duration.ofSeconds(10)).until(() -> handle.queuedRows() == 0);
        }
    }

    private static <T> void insertAll(BatcherHandle<T> handle, long from, long to,
            java.util.function.LongFunction<T> row) {
        for (long id = from; id <= to; id++) {
            handle.insert(row.apply(id));
        }
    }

    private static void flush(BatcherHandle<?> handle) throws Exception {
        handle.flush().toCompletableFuture().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aColumnWidenedWhileBatchesWaitEncodedForTheOldTypeStoresEveryValueExactly(Durability durability,
            BatchFormat format, TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(durability, format);
        insertEncoded(handle, 1, 3);
        flush(handle); // the batcher has read the table
        insertEncoded(handle, 4, 9);

        db.execute("ALTER TABLE altered MODIFY COLUMN v Int64");
        flush(handle);
        insertEncoded(handle, 10, 12);
        flush(handle);

        assertThat(db.query(CHECK)).containsExactly(List.of("0", "12", "12"));
        assertThat(handedOver).isEmpty();
        assertThat(batcher.stats().flushedRows()).isEqualTo(12);
        assertThat(batcher.schemaDrift()).isEmpty();
        // the batch encoded before the ALTER went converted, in its own format
        assertThat(transport.formats).containsOnly(sentAs(format)).hasSize(3);
        if (transport.serverInfo().supportsFormat("RowBinaryWithNamesAndTypes")) {
            // the server checked the types the batch declared (Native block or RowBinaryWithNamesAndTypes header)
            // and refused it once; the batcher read the table again and converted the batch
            assertThat(transport.refusals).singleElement().satisfies(e -> assertThat(SchemaFailure.is(e))
                    .as("a refusal for the batch's types: %s", e.getMessage()).isTrue());
        } else {
            assertThat(transport.refusals).isEmpty(); // 18.16: the table is read before every batch
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void columnsAddedWithADefaultDroppedUnusedOrReorderedNeedNothing(Durability durability, BatchFormat format,
            TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(durability, format);
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
        assertThat(transport.formats).containsOnly(sentAs(format)).hasSize(3);
        db.execute("DROP TABLE altered_old");
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aNarrowedColumnIsNeverWrittenSilentlyAndTheSuggestedFixLetsTheKeptBatchLandExactly(Durability durability,
            BatchFormat format, TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(durability, format);
        insertEncoded(handle, 1, 4);

        db.execute("ALTER TABLE altered MODIFY COLUMN v Int16");
        flush(handle);

        assertThat(db.count("altered")).isZero();
        String fix = "ALTER TABLE `altered` MODIFY COLUMN `v` Int32";
        if (durability == Durability.MEMORY) {
            assertThat(handedOver).singleElement().satisfies(batch -> {
                assertThat(batch.rows()).isEqualTo(4);
                assertThat(batch.format()).isEqualTo(sentAs(format));
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
        // the kept batch (a spill file, or the log's rejected file) replayed in the format it was encoded in
        assertThat(transport.formats).containsExactly(sentAs(format));
    }

    @ParameterizedTest
    @EnumSource(value = BatchFormat.class, names = {"NATIVE", "ROW_BINARY"})
    void aSpilledBatchReplayedAfterItsColumnWasWidenedLandsExactly(BatchFormat format, TestDatabase db)
            throws Exception {
        BatcherHandle<Reading> handle = start(Durability.MEMORY, format);
        try (DiskSpill spill = DiskSpill.builder(dir.resolve("spill"), transport).build()) {
            insertEncoded(handle, 1, 5);
            db.execute("ALTER TABLE altered MODIFY COLUMN v Nullable(String)");
            flush(handle);
            assertThat(handedOver).singleElement().satisfies(batch -> assertThat(batch.format())
                    .isEqualTo(sentAs(format)));
            spill.onFailedBatch(handedOver.get(0));

            db.execute("ALTER TABLE altered MODIFY COLUMN v Nullable(Int64)");
            spill.replayNow();

            assertThat(spill.stats().pendingFiles()).isZero();
            assertThat(spill.stats().rejectedFiles()).isZero();
        }
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "5", "5"));
        assertThat(transport.formats).containsExactly(sentAs(format));
    }

    @ParameterizedTest
    @EnumSource(value = BatchFormat.class, names = {"NATIVE", "ROW_BINARY"})
    void aSpilledBatchReplayedAfterColumnsWereAddedDroppedAndWidenedLandsExactly(BatchFormat format, TestDatabase db)
            throws Exception {
        BatcherHandle<Reading> handle = start(Durability.MEMORY, format);
        try (DiskSpill spill = DiskSpill.builder(dir.resolve("spill"), transport).build()) {
            insertEncoded(handle, 1, 6);
            // the batch is refused (v became text) and waits in a spill file while the table changes again
            db.execute("ALTER TABLE altered MODIFY COLUMN v String");
            flush(handle);
            spill.onFailedBatch(handedOver.get(0));
            db.execute("ALTER TABLE altered DROP COLUMN note");
            db.execute("ALTER TABLE altered ADD COLUMN added String DEFAULT 'dflt'");
            db.execute("ALTER TABLE altered MODIFY COLUMN v Int64");
            spill.replayNow();

            assertThat(spill.stats().pendingFiles()).isZero();
            assertThat(spill.stats().rejectedFiles()).isZero();
        }
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "6", "6"));
        assertThat(db.query("SELECT count() FROM altered WHERE added = 'dflt'")).containsExactly(List.of("6"));
        assertThat(transport.formats).containsExactly(sentAs(format));
    }

    @ParameterizedTest
    @EnumSource(value = BatchFormat.class, names = {"NATIVE", "ROW_BINARY"})
    void aColumnMadeNullableOrLowCardinalityTakesTheBatchesEncodedBeforeExactly(BatchFormat format, TestDatabase db)
            throws Exception {
        batcher = null;
        try (Batcher<Noted> noted = Batcher.builder(Noted.class).transport(transport)
                .config(config(Durability.MEMORY, format)).failedBatchHandler(handedOver::add).closeOnJvmExit(false)
                .build()) {
            BatcherHandle<Noted> handle = noted.start();
            insertAll(handle, 1, 6, Noted::of);
            await().atMost(Duration.ofSeconds(10)).until(() -> handle.queuedRows() == 0);
            db.execute("ALTER TABLE altered MODIFY COLUMN v Nullable(Int64)");
            if (sentAs(BatchFormat.NATIVE) == BatchFormat.NATIVE) {
                // LowCardinality is experimental on 18.16 (a setting per query); on 26.7 a plain column
                db.execute("ALTER TABLE altered MODIFY COLUMN note LowCardinality(String)");
            }
            flush(handle);
            insertAll(handle, 7, 8, Noted::of);
            flush(handle);
            assertThat(noted.schemaDrift()).isEmpty();
        }
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "8", "8"));
        assertThat(db.query("SELECT countIf(note = concat('n', toString(id))), countIf(v IS NULL) FROM altered"))
                .containsExactly(List.of("8", "0"));
        assertThat(handedOver).isEmpty();
        assertThat(transport.formats).containsOnly(sentAs(format)).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void anAlterWhileProducersKeepInsertingLosesAndMisreadsNothing(Durability durability, BatchFormat format,
            TestDatabase db) throws Exception {
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
                .durability(durability).format(format);
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
        assertThat(transport.formats).containsOnly(sentAs(format));
    }

    @ParameterizedTest
    @EnumSource(value = BatchFormat.class, names = {"NATIVE", "ROW_BINARY"})
    void logRecordsWrittenBeforeAnAlterAndReplayedByARunStartedAfterItLandExactly(BatchFormat format,
            ClickHouseServer server, TestDatabase db) throws Exception {
        BatchConfig config = BatchConfig.builder().durability(Durability.WAL).shutdownTimeout(Duration.ofSeconds(1))
                .format(format)
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
        // run 1's records go as they were logged (RowBinary, converted); run 2's rows in its format (with two
        // inserts in flight either may be sent first)
        assertThat(transport.formats).contains(BatchFormat.ROW_BINARY, sentAs(format));
    }

    @Test
    void anIncompatibleChangeKeepsTheBatchAndSaysWhatChanged(TestDatabase db) throws Exception {
        BatcherHandle<Reading> handle = start(Durability.MEMORY, BatchFormat.AUTO);
        insertEncoded(handle, 1, 2);
        db.execute("ALTER TABLE altered MODIFY COLUMN v String");
        flush(handle);

        assertThat(db.count("altered")).isZero();
        assertThat(handedOver).singleElement().satisfies(batch -> assertThat(batch.rows()).isEqualTo(2));
        assertThat(batcher.schemaDrift()).singleElement().asString().contains("v", "String", "int");
    }
}
