package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table altered under a running batcher: never a misread row. Where the server has
 * RowBinaryWithNamesAndTypes (26.7) every batch names its columns' types and the server refuses a batch whose
 * types no longer match; where it has not (18.16) these rows cannot be read as the new type either. Either
 * way the batch is kept. A dropped column keeps the batch on both servers; the batcher reads the table again and says what
 * changed ({@link Batcher#schemaDrift()}) until a batch lands again.
 */
@ClickHouseTest
class SchemaDriftIT {

    @ClickTable("drift")
    record Reading(long id, int v) {
    }

    private final List<FailedBatch> kept = new CopyOnWriteArrayList<>();
    private ClickHouseTransport transport;
    private Batcher<Reading> batcher;
    private BatcherHandle<Reading> handle;

    @BeforeEach
    void start(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS drift");
        db.execute("CREATE TABLE drift (id UInt64, v Int32) ENGINE = MergeTree() ORDER BY id");
        transport = TestTransports.to(server, db.name());
        batcher = Batcher.builder(Reading.class).transport(transport)
                .config(BatchConfig.builder().maxRetries(0).build()).failedBatchHandler(kept::add).build();
        handle = batcher.start();
    }

    @AfterEach
    void stop() {
        batcher.close();
        transport.close();
    }

    @Test
    void aColumnWhoseTypeChangedKeepsTheBatchInsteadOfStoringMisreadValues(ClickHouseServer server,
            TestDatabase db) throws Exception {
        send(new Reading(1, 42));
        db.execute("ALTER TABLE drift MODIFY COLUMN v String");

        send(new Reading(2, 43));

        // Never read as the new type: the batch is kept (26.7 refuses it by the types the batch declares: Native
        // "Cannot convert: Int32 to String", RowBinaryWithNamesAndTypes "Type of 'v' must be String, not Int32";
        // 18.16 cannot read the Int32 bytes as a String).
        assertThat(db.query("SELECT id, v FROM drift ORDER BY id")).containsExactly(List.of("1", "42"));
        assertThat(kept).singleElement().satisfies(batch -> assertThat(batch.rows()).isEqualTo(1));
        if (kept.get(0).format() == BatchFormat.NATIVE && transport.serverInfo().checksNativeTypes()) {
            // the block declared v Int32; with the conversion off (the transport's) the server refuses it
            assertThat(kept.get(0).cause()).hasMessageContaining("Cannot convert: Int32 to String");
        } else if (transport.serverInfo().supportsFormat("RowBinaryWithNamesAndTypes")) {
            assertThat(kept.get(0).cause()).hasMessageContaining("Type of 'v' must be String, not Int32");
        }
        assertThat(batcher.schemaDrift()).singleElement().asString().contains("v", "String", "int");
    }

    @Test
    void aDroppedColumnKeepsTheBatchAndIsReportedUntilABatchLandsAgain(TestDatabase db) throws Exception {
        send(new Reading(1, 1));
        db.execute("ALTER TABLE drift DROP COLUMN v");

        send(new Reading(2, 2));

        assertThat(kept).singleElement().satisfies(batch -> assertThat(batch.rows()).isEqualTo(1));
        assertThat(batcher.schemaDrift()).isNotEmpty().anySatisfy(line -> assertThat(line).contains("v"));

        db.execute("ALTER TABLE drift ADD COLUMN v Int32");
        send(new Reading(3, 3));
        assertThat(batcher.schemaDrift()).isEmpty();
        // The dropped column's old values are gone (ClickHouse's DROP COLUMN); the new batch landed whole.
        assertThat(db.query("SELECT id, v FROM drift ORDER BY id")).containsExactly(List.of("1", "0"),
                List.of("3", "3"));
    }

    @Test
    void aSpilledBatchReplayedAfterItsColumnChangedTypeIsSetAsideNotMisread(TestDatabase db,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spillDir) throws Exception {
        try (DiskSpill spill = DiskSpill.builder(spillDir, transport).build()) {
            send(new Reading(1, 7));
            db.execute("ALTER TABLE drift DROP COLUMN v");
            send(new Reading(2, 8));
            spill.onFailedBatch(kept.get(0));
            db.execute("ALTER TABLE drift ADD COLUMN v String");

            spill.replayNow();

            assertThat(spill.stats().rejectedFiles()).isEqualTo(1);
            assertThat(db.query("SELECT id FROM drift ORDER BY id")).containsExactly(List.of("1"));
        }
    }

    private void send(Reading reading) throws Exception {
        handle.insert(reading);
        handle.flush().toCompletableFuture().exceptionally(e -> null).get(30, TimeUnit.SECONDS);
    }
}
