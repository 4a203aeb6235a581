package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Nothing accepted is lost: outages, shutdown with the server away, poison batches, replay after restart. */
@ClickHouseTest
class DeliveryIT {

    @ClickTable("deliveries")
    record Delivery(long id, String payload) {
    }

    @TempDir
    Path spillDir;

    private ClickHouseTransport transport;

    @BeforeEach
    void setUp(ClickHouseServer server, TestDatabase db) {
        if (server.canRestart()) {
            server.start();
        }
        db.execute("DROP TABLE IF EXISTS deliveries");
        db.execute("CREATE TABLE deliveries (id UInt64, payload String) " + db.deduplicatingMergeTree("id"));
        transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(server.httpUrl()), server.username(),
                server.password(), db.name(), true, Duration.ofMillis(500), Duration.ofSeconds(10), null, null));
    }

    @AfterEach
    void tearDown(ClickHouseServer server) {
        if (server.canRestart()) {
            server.start();
        }
        transport.close();
    }

    @Test
    void anOutageOfTenSecondsMidStreamLosesNothing(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeRestartable(server);
        DiskSpill spill = DiskSpill.builder(spillDir, transport).replayInterval(Duration.ofMillis(500)).build();
        BatchConfig config = BatchConfig.builder().maxRows(10_000).maxRetries(2).retryBaseDelay(Duration.ofMillis(50))
                .retryMaxDelay(Duration.ofMillis(100)).build();
        try (Batcher<Delivery> batcher = Batcher.builder(Delivery.class).transport(transport).config(config)
                .failedBatchHandler(spill).build()) {
            BatcherHandle<Delivery> handle = batcher.start();
            insert(handle, 0, 100_000);
            handle.flush().get(30, TimeUnit.SECONDS);

            ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                    "io.clicktype.batch");
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                    new ch.qos.logback.core.read.ListAppender<>();
            lines.start();
            log.addAppender(lines);
            server.stop();
            long outageStart = System.nanoTime();
            insert(handle, 100_000, 200_000);
            handle.flush().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            assertThat(spill.stats().pendingRows()).isEqualTo(100_000);
            spill.start();
            // The outage lasts at least ten seconds; all the while the batcher keeps taking rows.
            long id = 200_000;
            while (System.nanoTime() - outageStart < TimeUnit.SECONDS.toNanos(10)) {
                handle.insert(new Delivery(id++, "late"));
            }
            handle.flush().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            server.start();
            // a batch sent after the outage: its acknowledgement is the line saying inserts succeed again
            handle.insert(new Delivery(id++, "after"));
            final long total = id;

            await().atMost(Duration.ofSeconds(60)).until(() -> spill.stats().pendingFiles() == 0);
            handle.flush().get(30, TimeUnit.SECONDS);
            log.detachAppender(lines);
            // A readable outage: one WARN when inserts start failing (plus a summary per 30 s), not one per attempt
            // and per spilled batch; one line when they land again, and the replay's one line per pass.
            List<String> warnings = lines.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            List<String> infos = lines.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            LoggerFactory.getLogger(DeliveryIT.class).info("Outage of {} s logged {} WARN and {} INFO lines "
                    + "(DEBUG aside)", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStart),
                    warnings.size(), infos.size());
            assertThat(warnings).hasSizeBetween(1, 2)
                    .first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("Insert into deliveries failed (attempt 1;").contains("To fix");
            assertThat(infos).anySatisfy(line -> assertThat(line).startsWith("Inserts into deliveries succeed "
                    + "again after ").contains("handed to the disk spill during the outage"));
            long rows = db.count("deliveries");
            long distinct = Long.parseLong(db.query("SELECT uniqExact(id) FROM deliveries").get(0).get(0));
            boolean exactlyOnce = db.canDeduplicateTokens();
            LoggerFactory.getLogger(DeliveryIT.class).info("Outage test on ClickHouse {}: {} accepted, {} rows in "
                    + "ClickHouse, {} distinct, {} duplicates ({})", server.version(), total, rows, distinct,
                    rows - distinct, exactlyOnce ? "exactly-once: the table deduplicates tokens"
                            : "at-least-once: this server cannot deduplicate a MergeTree");
            assertThat(distinct).isEqualTo(total);
            if (exactlyOnce) {
                assertThat(rows).isEqualTo(total);
            } else {
                assertThat(rows).isGreaterThanOrEqualTo(total);
            }
            assertThat(batcher.stats().lostRows()).isZero();
            assertThat(spill.stats().droppedRows()).isZero();
        } finally {
            spill.close();
        }
    }

    @Test
    void closingWithTheServerAwaySpillsEverythingAndARestartReplaysIt(ClickHouseServer server, TestDatabase db)
            throws Exception {
        ClickHouseAssumptions.assumeRestartable(server);
        DiskSpill spill = DiskSpill.builder(spillDir, transport).build();
        BatchConfig config = BatchConfig.builder().maxRows(1_000).maxRetries(1000).retryBaseDelay(Duration.ofMillis(50))
                .retryMaxDelay(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(1)).build();
        Batcher<Delivery> batcher = Batcher.builder(Delivery.class).transport(transport).config(config)
                .failedBatchHandler(spill).build();
        BatcherHandle<Delivery> handle = batcher.start();
        insert(handle, 0, 2_000);
        handle.flush().get(30, TimeUnit.SECONDS);
        server.stop();
        insert(handle, 2_000, 7_000);

        batcher.close();

        long accepted = batcher.stats().acceptedRows();
        assertThat(accepted).isEqualTo(7_000);
        assertThat(db.server().canRestart()).isTrue();
        server.start();
        assertThat(db.count("deliveries") + spill.stats().pendingRows()).isEqualTo(accepted);

        spill.close(); // the process that spilled ends before the restarted one takes the directory
        try (DiskSpill afterRestart = DiskSpill.builder(spillDir, transport).build()) {
            afterRestart.replayNow();
            assertThat(db.count("deliveries")).isEqualTo(accepted);
            assertThat(afterRestart.stats().pendingFiles()).isZero();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = BatchFormat.class, names = {"NATIVE", "ROW_BINARY"})
    void aBatchSpilledInOneFormatReplaysExactlyAfterTheFormatChanged(BatchFormat configured, ClickHouseServer server,
            TestDatabase db) throws Exception {
        // 18.16 gets RowBinary even when Native is configured (it does not check a Native block's types)
        BatchFormat spilledAs = server.supportsSetting(io.clicktype.batch.spi.ServerInfo.NATIVE_TYPES_CONVERSION)
                ? configured : BatchFormat.ROW_BINARY;
        BatchFormat now = configured == BatchFormat.NATIVE ? BatchFormat.ROW_BINARY : BatchFormat.NATIVE;
        db.execute("DROP TABLE IF EXISTS deliveries_away");
        DiskSpill spill = DiskSpill.builder(spillDir, transport).build();
        BatchConfig config = BatchConfig.builder().maxRetries(0).format(configured).build();
        try (Batcher<Delivery> batcher = Batcher.builder(Delivery.class).transport(transport).config(config)
                .failedBatchHandler(spill).build()) {
            BatcherHandle<Delivery> handle = batcher.start();
            db.execute("RENAME TABLE deliveries TO deliveries_away");
            for (int i = 0; i < 500; i++) {
                handle.insert(new Delivery(i, i % 7 == 0 ? "" : "p\t" + i + "ü"));
            }
            assertThat(handle.flush()).failsWithin(Duration.ofSeconds(30));
            assertThat(batcher.stats().failedRows()).isEqualTo(500);
        } finally {
            spill.close();
        }
        try (var files = java.nio.file.Files.list(spillDir)) {
            Path file = files.filter(f -> f.toString().endsWith(".spill")).findFirst().orElseThrow();
            assertThat(new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("\nformat=" + (spilledAs == BatchFormat.NATIVE ? "Native" : "RowBinary") + "\n");
        }
        db.execute("RENAME TABLE deliveries_away TO deliveries");

        DiskSpill afterChange = DiskSpill.builder(spillDir, transport).build();
        try (Batcher<Delivery> batcher = Batcher.builder(Delivery.class).transport(transport)
                .config(BatchConfig.builder().format(now).build()).failedBatchHandler(afterChange).build()) {
            assertThat(afterChange.replayNow()).isEqualTo(500);
            BatcherHandle<Delivery> handle = batcher.start();
            handle.insert(new Delivery(500, "after"));
            handle.flush().get(30, TimeUnit.SECONDS);
        } finally {
            afterChange.close();
        }
        List<List<String>> expected = new java.util.ArrayList<>();
        for (int i = 0; i <= 500; i++) {
            expected.add(List.of(String.valueOf(i), i == 500 ? "after" : i % 7 == 0 ? "" : "p\t" + i + "ü"));
        }
        assertThat(db.query("SELECT id, payload FROM deliveries ORDER BY id")).isEqualTo(expected);
    }

    @Test
    void aPoisonBatchIsSpilledOnceNotRetriedAndDoesNotBlockLaterBatches(TestDatabase db) throws Exception {
        DiskSpill spill = DiskSpill.builder(spillDir, transport).build();
        BatchConfig config = BatchConfig.builder().maxRetries(5).retryBaseDelay(Duration.ofMillis(50)).build();
        try (Batcher<Delivery> batcher = Batcher.builder(Delivery.class).transport(transport).config(config)
                .failedBatchHandler(spill).build()) {
            BatcherHandle<Delivery> handle = batcher.start();
            db.execute("ALTER TABLE deliveries DROP COLUMN payload");
            handle.insert(new Delivery(1, "poison"));
            assertThat(handle.flush()).failsWithin(Duration.ofSeconds(30));
            assertThat(batcher.stats().failedRows()).isEqualTo(1);
            assertThat(spill.stats().pendingFiles()).isEqualTo(1);

            spill.replayNow();
            assertThat(spill.stats().rejectedFiles()).isEqualTo(1);
            assertThat(spillDir.resolve("rejected")).isNotEmptyDirectory();

            db.execute("ALTER TABLE deliveries ADD COLUMN payload String");
            handle.insert(new Delivery(2, "fine"));
            handle.flush().get(30, TimeUnit.SECONDS);
            assertThat(db.query("SELECT id FROM deliveries")).containsExactly(List.of("2"));

            // the set-aside batch, read by hand as docs/delivery.md says: its rows, handed to the server as they are
            Path rejected;
            try (var files = Files.list(spillDir.resolve("rejected"))) {
                rejected = files.filter(f -> f.toString().endsWith(".spill")).findFirst().orElseThrow();
            }
            java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
            assertThat(io.clicktype.batch.spill.SpillFileTool.run(new String[] {"--payload", rejected.toString()},
                    new java.io.PrintStream(payload), System.err)).isZero();
            boolean nativeBlock = Files.readString(rejected, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("\nformat=Native\n");
            db.insert("INSERT INTO deliveries (id, payload) FORMAT " + (nativeBlock ? "Native" : "RowBinary"),
                    payload.toByteArray());
            assertThat(db.query("SELECT id, payload FROM deliveries ORDER BY id"))
                    .containsExactly(List.of("1", "poison"), List.of("2", "fine"));
        } finally {
            spill.close();
        }
    }

    @Test
    void aCorruptSpillFileIsMovedAsideAndTheOthersAreReplayed(TestDatabase db) throws Exception {
        DiskSpill spill = DiskSpill.builder(spillDir, transport).build();
        Files.writeString(spillDir.resolve("0000000000001-000001-deliveries.spill"), "CTSPILL 1\ntable=deliveries\n\ngarbage");
        // Validation off: a closed transport could not describe the table.
        BatchConfig config = BatchConfig.builder().maxRetries(0).validation(ValidationMode.OFF).build();
        transport.close();
        // A closed transport refuses the insert without retrying: the batch goes to the spill.
        try (Batcher<Delivery> batcher = Batcher.builder(Delivery.class).transport(transport).config(config)
                .failedBatchHandler(spill).build()) {
            batcher.start().insert(new Delivery(5, "kept"));
        }
        setUp(db.server(), db);
        spill.close(); // the process that spilled ends before the restarted one takes the directory
        try (DiskSpill replaying = DiskSpill.builder(spillDir, transport).build()) {
            replaying.replayNow();

            assertThat(spillDir.resolve("corrupt").resolve("0000000000001-000001-deliveries.spill")).exists();
            assertThat(replaying.stats().corruptFiles()).isEqualTo(1);
            assertThat(db.query("SELECT id, payload FROM deliveries")).containsExactly(List.of("5", "kept"));
        }
    }

    private static void insert(BatcherHandle<Delivery> handle, long from, long to) {
        for (long i = from; i < to; i++) {
            handle.insert(new Delivery(i, "p" + i));
        }
    }
}
