package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inserts in flight, decided at start from the real {@code system.tables} of each server (engine, {@code engine_full}
 * and {@code dependencies_table}), and two inserts of one table running at once with every row landing once.
 */
@ClickHouseTest
class InsertsInFlightIT {

    @ClickTable("in_flight")
    record Row(long id, long v) {
    }

    private ClickHouseTransport transport;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS in_flight_view");
        db.execute("DROP TABLE IF EXISTS in_flight");
        transport = TestTransports.to(server, db.name());
    }

    @AfterEach
    void close() {
        transport.close();
    }

    /** 2 where the auto rule allows it on this server: it checks insert types itself (not 18.16). */
    private int two() {
        return transport.serverInfo().supportsFormat("RowBinaryWithNamesAndTypes") ? 2 : 1;
    }

    private int decided(TestDatabase db, String engine) {
        db.execute("DROP TABLE IF EXISTS in_flight");
        db.execute("CREATE TABLE in_flight (id UInt64, v Int64) ENGINE = " + engine);
        try (Batcher<Row> batcher = Batcher.builder(Row.class).transport(transport).build()) {
            batcher.start();
            return batcher.insertsInFlight();
        }
    }

    @Test
    void autoRunsTwoInsertsWhereTheEngineDoesNotDependOnTheirOrderAndTheServerChecksTypes(TestDatabase db) {
        assertThat(decided(db, "MergeTree() ORDER BY id")).isEqualTo(two());
        assertThat(decided(db, "ReplacingMergeTree(v) ORDER BY id")).isEqualTo(two());
        assertThat(decided(db, "ReplacingMergeTree() ORDER BY id")).isEqualTo(1);
    }

    @Test
    void aTableReadByAMaterializedViewGetsOneInsertAtATime(TestDatabase db) {
        db.execute("CREATE TABLE in_flight (id UInt64, v Int64) ENGINE = MergeTree() ORDER BY id");
        db.execute("CREATE MATERIALIZED VIEW in_flight_view ENGINE = MergeTree() ORDER BY id AS "
                + "SELECT id, v FROM in_flight");
        try (Batcher<Row> batcher = Batcher.builder(Row.class).transport(transport).build()) {
            batcher.start();
            assertThat(batcher.insertsInFlight()).isEqualTo(1);
        }
    }

    @Test
    void twoInsertsInFlightStoreEveryRowOnceAndAFlushWaitsForAllBeforeIt(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE in_flight (id UInt64, v Int64) ENGINE = MergeTree() ORDER BY id");
        int rows = 60_000;
        BatchConfig config = BatchConfig.builder().maxRows(1_000).maxWait(Duration.ofMillis(20)).insertsInFlight(2)
                .build();
        try (Batcher<Row> batcher = Batcher.builder(Row.class).transport(transport).config(config).build()) {
            BatcherHandle<Row> handle = batcher.start();
            assertThat(batcher.insertsInFlight()).isEqualTo(2);
            for (int i = 0; i < rows; i++) {
                handle.insert(new Row(i, i * 3L));
            }
            handle.flush().get(60, TimeUnit.SECONDS);
            // every batch sealed before the flush's has landed when its future completes, whichever insert ended first
            assertThat(db.query("SELECT count(), sum(v), uniqExact(id) FROM in_flight"))
                    .containsExactly(List.of(String.valueOf(rows), String.valueOf(3L * rows * (rows - 1) / 2),
                            String.valueOf(rows)));
            assertThat(batcher.stats().flushes()).isGreaterThanOrEqualTo(rows / 1_000);
        }
    }
}
