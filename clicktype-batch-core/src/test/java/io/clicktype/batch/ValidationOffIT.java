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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validation: off} reads no table at start, so rows are encoded for the record's Java default types (here
 * Int64, Int32, Int64, String) whatever the table has. Each batch is checked against the table before it is sent and
 * converted to its types value by value, or refused and kept: never read by the server as other types (a fresh-user
 * trial found timestamps, ids and amounts stored misread, on both servers, before this). Also for rows an earlier run
 * left in the write-ahead log.
 */
@ClickHouseTest
class ValidationOffIT {

    @ClickTable("off_rows")
    record Row(long id, int small, long count, String name) {
        static Row of(long id) {
            return new Row(id, id % 2 == 0 ? Integer.MIN_VALUE + (int) id : Integer.MAX_VALUE - (int) id,
                    4_294_967_295L - id, "n" + id);
        }
    }

    /** Every stored row that does not hold {@link Row#of}'s values, the count and the distinct ids. */
    private static final String CHECK = "SELECT countIf(small != if(id % 2 = 0, toInt64(-2147483648) + toInt64(id), "
            + "toInt64(2147483647) - toInt64(id)) OR count != 4294967295 - id OR name != concat('n', toString(id))), "
            + "count(), uniqExact(id) FROM off_rows";

    @TempDir
    Path dir;

    private final List<FailedBatch> handedOver = new CopyOnWriteArrayList<>();
    private ClickHouseTransport transport;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS off_rows");
        db.execute("CREATE TABLE off_rows (id UInt64, small Int64, count UInt32, name Nullable(String)) "
                + "ENGINE = MergeTree() ORDER BY id");
        transport = TestTransports.to(server, db.name());
    }

    @AfterEach
    void close() {
        transport.close();
    }

    private static BatchConfig.Builder off() {
        return BatchConfig.builder().validation(ValidationMode.OFF).maxRetries(0).maxWait(Duration.ofHours(1));
    }

    @Test
    void rowsEncodedForJavaDefaultTypesAreStoredAsTheTablesTypesExactly(TestDatabase db) throws Exception {
        try (Batcher<Row> batcher = Batcher.builder(Row.class).transport(transport).config(off().build())
                .failedBatchHandler(handedOver::add).closeOnJvmExit(false).build()) {
            BatcherHandle<Row> handle = batcher.start();
            for (long id = 1; id <= 1_000; id++) {
                handle.insert(Row.of(id));
            }
            handle.flush().get(30, TimeUnit.SECONDS);
        }
        assertThat(handedOver).isEmpty();
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "1000", "1000"));
    }

    @ClickTable("off_times")
    record Timed(long id, java.time.Instant ts, double f) {
        static Timed of(long id) {
            return new Timed(id, java.time.Instant.ofEpochSecond(1_714_557_600L + id, 123_456_789), 0.1 * id);
        }
    }

    /**
     * A time is written with nine fraction digits and a double as Float64, then converted as the encoder writes them
     * for the table's types: a DateTime64(6) keeps its microseconds (a trial's lost them when times were written at
     * milliseconds), 18.16's DateTime its seconds, and a Float32 the nearest float (such batches were all refused).
     */
    @Test
    void timesKeepTheDigitsTheTableHoldsAndDoublesBecomeTheNearestFloat(TestDatabase db) throws Exception {
        boolean dateTime64 = !db.query("SELECT name FROM system.data_type_families WHERE name = 'DateTime64'")
                .isEmpty();
        db.execute("CREATE TABLE off_times (id UInt64, ts " + (dateTime64 ? "DateTime64(6)" : "DateTime")
                + ", f Float32) ENGINE = MergeTree() ORDER BY id");
        try (Batcher<Timed> batcher = Batcher.builder(Timed.class).transport(transport).config(off().build())
                .failedBatchHandler(handedOver::add).closeOnJvmExit(false).build()) {
            BatcherHandle<Timed> handle = batcher.start();
            for (long id = 1; id <= 100; id++) {
                handle.insert(Timed.of(id));
            }
            handle.flush().get(30, TimeUnit.SECONDS);
        }
        assertThat(handedOver).isEmpty();
        String time = dateTime64 ? "toUnixTimestamp64Micro(ts) != (1714557600 + id) * 1000000 + 123456"
                : "toUInt32(ts) != 1714557600 + id";
        assertThat(db.query("SELECT countIf(" + time + " OR f != toFloat32(0.1 * id)), count() FROM off_times"))
                .containsExactly(List.of("0", "100"));
    }

    @Test
    void aValueTheTablesTypeCannotHoldKeepsItsBatchAndNamesColumnTypesValueAndFix(TestDatabase db) throws Exception {
        try (Batcher<Row> batcher = Batcher.builder(Row.class).transport(transport).config(off().build())
                .failedBatchHandler(handedOver::add).closeOnJvmExit(false).build()) {
            BatcherHandle<Row> handle = batcher.start();
            handle.insert(Row.of(1));
            handle.insert(new Row(2, 0, -1, "negative")); // -1 has no UInt32 value
            assertThat(handle.flush()).failsWithin(30, TimeUnit.SECONDS);
        }
        assertThat(db.count("off_rows")).isZero();
        assertThat(handedOver).singleElement().satisfies(batch -> {
            assertThat(batch.rows()).isEqualTo(2);
            assertThat(batch.cause()).isInstanceOf(SchemaChangeException.class)
                    .hasMessageContaining("column `count` of off_rows was Int64 when the batch was encoded and is "
                            + "UInt32 now (signedness: value -1 does not fit UInt32)")
                    .hasMessageContaining("ALTER TABLE `off_rows` MODIFY COLUMN `count` Int64");
        });
    }

    /**
     * Run 1 (validation on, the server away) leaves rows in the log encoded for the table's types; a column is
     * widened; run 2, with validation off, appends rows encoded for the Java defaults and replays run 1's: both
     * kinds land exactly.
     */
    @Test
    void logRecordsOfARunWithTheTablesTypesAndOfARunWithoutThemLandExactly(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("DROP TABLE off_rows");
        db.execute("CREATE TABLE off_rows (id UInt64, small Int32, count UInt32, name String) "
                + "ENGINE = MergeTree() ORDER BY id");
        BatchConfig.Builder wal = BatchConfig.builder().durability(Durability.WAL).shutdownTimeout(Duration.ofSeconds(1))
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(100))
                .wal(WalConfig.defaults().withDirectory(dir.resolve("wal")).withMaxSize(WalConfig.MIN_SIZE));
        try (ClickHouseTransport away = TestTransports.to("http://127.0.0.1:1", server, db.name());
                Batcher<Row> first = Batcher.builder(Row.class).transport(away).config(wal.build())
                        .columns(List.of(new TableColumn("id", "UInt64", ""), new TableColumn("small", "Int32", ""),
                                new TableColumn("count", "UInt32", ""), new TableColumn("name", "String", "")))
                        .closeOnJvmExit(false).build()) {
            BatcherHandle<Row> handle = first.start();
            for (long id = 1; id <= 5; id++) {
                handle.insert(Row.of(id));
            }
        }
        db.execute("ALTER TABLE off_rows MODIFY COLUMN small Int64");

        try (Batcher<Row> second = Batcher.builder(Row.class).transport(transport)
                .config(wal.validation(ValidationMode.OFF).build()).failedBatchHandler(handedOver::add)
                .closeOnJvmExit(false).build()) {
            BatcherHandle<Row> handle = second.start();
            for (long id = 6; id <= 8; id++) {
                handle.insert(Row.of(id));
            }
            handle.flush().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("off_rows") >= 8);
            assertThat(second.walStats().orElseThrow().rejectedRows()).isZero();
        }
        assertThat(db.query(CHECK)).containsExactly(List.of("0", "8", "8"));
        assertThat(handedOver).isEmpty();
    }
}
