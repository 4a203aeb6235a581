package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.TestRows.Event;
import io.clicktype.batch.encoding.RowBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpillTest {

    @TempDir
    Path dir;

    private final RecordingTransport transport = new RecordingTransport();

    @Test
    void aSpilledBatchIsReplayedOnceAndItsFileDeletedOnlyAfterTheAck() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        spill.onFailedBatch(batch(1, 2, 3));
        assertThat(spill.stats().pendingRows()).isEqualTo(3);

        transport.failNext(1, true);
        assertThat(spill.replayNow()).isZero();
        assertThat(files()).hasSize(1);

        assertThat(spill.replayNow()).isEqualTo(3);
        assertThat(transport.allIds()).containsExactly(1L, 2L, 3L);
        assertThat(files()).isEmpty();
        assertThat(spill.stats().replayedRows()).isEqualTo(3);
    }

    @Test
    void aReplayLaterThanTheDeduplicationWindowIsCountedAsPossiblyDuplicated() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).deduplicationWindow(java.time.Duration.ofMinutes(30)).build();
        spill.onFailedBatch(withToken(batch(1, 2), "t-old"));
        Files.setLastModifiedTime(files().get(0), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - java.time.Duration.ofMinutes(31).toMillis()));
        spill.onFailedBatch(withToken(batch(3), "t-new"));
        spill.onFailedBatch(batch(4));

        assertThat(spill.replayNow()).isEqualTo(4);

        assertThat(spill.stats().replayedPastWindowRows()).isEqualTo(2);
        assertThat(spill.stats().replayedRows()).isEqualTo(4);
    }

    @Test
    void statsComeFromMemoryAndEachReplayPassReconcilesThemWithTheDirectory() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        spill.onFailedBatch(batch(1, 2));
        spill.onFailedBatch(batch(3));
        Files.delete(files().get(0));
        // No listing per scrape: the file removed behind the spill's back is still counted ...
        assertThat(spill.stats().pendingFiles()).isEqualTo(2);
        assertThat(spill.stats().pendingRows()).isEqualTo(3);

        // ... until the next pass, which lists the directory and replays what is there.
        assertThat(spill.replayNow()).isEqualTo(1);
        assertThat(spill.stats().pendingFiles()).isZero();
        spill.close();
        try (DiskSpill restarted = DiskSpill.builder(dir, transport).build()) {
            assertThat(restarted.stats().pendingFiles()).isZero();
        }
    }

    @Test
    void aTableNameThatIsNoSafeFileNameStaysInsideTheDirectory() {
        assertThat(DiskSpill.fileNamePart(new TableRef("..", "x/y"))).isEqualTo("_..x_y");
        assertThat(DiskSpill.fileNamePart(new TableRef("analytics", "page-views.v2"))).isEqualTo("analytics.page-views.v2");
        assertThat(DiskSpill.fileNamePart(TableRef.of("ünï t:a\\b"))).isEqualTo("_n__t_a_b");
        assertThat(DiskSpill.fileNamePart(TableRef.of("x".repeat(300)))).hasSize(100);
    }

    @Test
    void anInterruptedCallerStillGetsItsBatchOnDisk() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        Thread.currentThread().interrupt();
        try {
            spill.onFailedBatch(batch(1, 2));
        } finally {
            Thread.interrupted();
        }
        assertThat(spill.stats().pendingRows()).isEqualTo(2);
        assertThat(spill.stats().droppedRows()).isZero();
    }

    @Test
    void filesReplayOldestFirstAndARestartedSpillFindsThem() throws Exception {
        DiskSpill first = DiskSpill.builder(dir, transport).build();
        first.onFailedBatch(batch(1));
        first.onFailedBatch(batch(2));
        first.close();

        DiskSpill afterRestart = DiskSpill.builder(dir, transport).build();
        assertThat(afterRestart.stats().pendingFiles()).isEqualTo(2);
        afterRestart.replayNow();
        assertThat(transport.allIds()).containsExactly(1L, 2L);
    }

    @Test
    void aBatchTheServerRefusesIsMovedAsideAndDoesNotBlockTheOthers() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        spill.onFailedBatch(batch(1));
        spill.onFailedBatch(batch(2));
        transport.failNext(1, false);

        spill.replayNow();

        assertThat(transport.allIds()).containsExactly(2L);
        assertThat(dir.resolve("rejected")).isDirectoryContaining("glob:**.spill");
        assertThat(spill.stats().rejectedFiles()).isEqualTo(1);
        assertThat(spill.stats().pendingFiles()).isZero();
    }

    @Test
    void setAsideFilesAreCountedUntilRemovedAndAnEarlierRunsAreCountedAndWarnedOfAtStart() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        spill.onFailedBatch(batch(1, 2, 3));
        transport.failNext(1, false);
        spill.replayNow();
        SpillStats now = spill.stats();
        assertThat(now.rejectedFilesHeld()).isEqualTo(1);
        assertThat(now.rejectedRowsHeld()).isEqualTo(3);
        assertThat(now.corruptFilesHeld()).isZero();
        spill.close();

        // a new run: its since-start counter is 0, but the file is still there and still not replayed
        DiskSpill[] started = new DiskSpill[1];
        var lines = LoggedLines.during(io.clicktype.batch.spill.SetAsideFiles.class,
                () -> started[0] = DiskSpill.builder(dir, transport).build());
        DiskSpill restarted = started[0];
        assertThat(restarted.stats().rejectedFiles()).isZero();
        assertThat(restarted.stats().rejectedFilesHeld()).isEqualTo(1);
        assertThat(restarted.stats().rejectedRowsHeld()).isEqualTo(3);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(line.getFormattedMessage()).contains(dir.resolve("rejected").toString())
                    .contains("1 set-aside batch files (3 rows)").contains("ClickHouse refused them")
                    .contains("move them back to " + dir);
        });
        restarted.close();
    }

    /** At close, one line says what stays on disk for the next start (a trial found no total anywhere). */
    @Test
    void closeSaysWhatStaysOnDiskForTheNextStart() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        spill.onFailedBatch(batch(1, 2));
        spill.onFailedBatch(batch(3));
        assertThat(LoggedLines.during(DiskSpill.class, spill::close)).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains("keeps 3 rows in 2 file(s)").contains("for the next start"));
    }

    @Test
    void aTruncatedFileIsMovedAsideAndTheOthersAreStillReplayed() throws Exception {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        spill.onFailedBatch(batch(1, 2));
        spill.onFailedBatch(batch(3));
        Path first = files().get(0);
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 5));

        spill.replayNow();

        assertThat(transport.allIds()).containsExactly(3L);
        assertThat(dir.resolve("corrupt").resolve(first.getFileName())).exists();
        assertThat(spill.stats().corruptFiles()).isEqualTo(1);
        assertThat(spill.stats().corruptFilesHeld()).isEqualTo(1);
    }

    @Test
    void aSecondSpillOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        DiskSpill first = DiskSpill.builder(dir, transport).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiskSpill.builder(dir, transport).build())
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("spill directory " + dir)
                .hasMessageContaining("in use by another owner").hasMessageContaining("clicktype.batch.spill.directory");
        first.close();
        DiskSpill.builder(dir, transport).build().close();
    }

    @Test
    void aFullDirectoryDropsTheOldestAndCountsItsRows() throws Exception {
        long oneFile = fileSizeOf(batch(1, 2));
        DiskSpill spill = DiskSpill.builder(dir, transport).maxSize(oneFile * 2 + 10).build();
        spill.onFailedBatch(batch(1, 2));
        spill.onFailedBatch(batch(3, 4));
        spill.onFailedBatch(batch(5, 6));

        assertThat(spill.stats().droppedRows()).isEqualTo(2);
        spill.replayNow();
        assertThat(transport.allIds()).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void dropNewestKeepsTheFilesAndCountsTheNewRows() throws Exception {
        long oneFile = fileSizeOf(batch(1, 2));
        DiskSpill spill = DiskSpill.builder(dir, transport).maxSize(oneFile + 10).overflow(SpillOverflow.DROP_NEWEST)
                .build();
        spill.onFailedBatch(batch(1, 2));
        spill.onFailedBatch(batch(3, 4));

        assertThat(spill.stats().droppedRows()).isEqualTo(2);
        spill.replayNow();
        assertThat(transport.allIds()).containsExactly(1L, 2L);
    }

    private long fileSizeOf(FailedBatch batch) throws Exception {
        Path probe = Files.createTempDirectory("probe");
        try (DiskSpill spill = DiskSpill.builder(probe, transport).build()) {
            spill.onFailedBatch(batch);
        }
        try (Stream<Path> files = Files.list(probe)) {
            return Files.size(files.filter(f -> f.toString().endsWith(".spill")).findFirst().orElseThrow());
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".spill")).sorted().toList());
        }
    }

    private static FailedBatch withToken(FailedBatch batch, String token) {
        return new FailedBatch(batch.table(), batch.columns(), batch.payload(), batch.rows(), batch.attempts(),
                batch.cause(), token);
    }

    @Test
    void aFileWhoseTableIsMissingStaysPendingUntilTheTableIsBackOrMissingTableTimeoutRunsOut() {
        java.util.concurrent.atomic.AtomicBoolean missing = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.clicktype.batch.spi.ClickHouseTransport table = new io.clicktype.batch.spi.ClickHouseTransport() {
            @Override
            public void insert(io.clicktype.batch.spi.InsertRequest request) {
                if (missing.get()) {
                    throw new TransportException("Code: 60. Table events doesn't exist", false, 60, 404, null);
                }
                transport.insert(request);
            }

            @Override
            public List<TableColumn> describeTable(TableRef ref) {
                return transport.describeTable(ref);
            }

            @Override
            public io.clicktype.batch.spi.ServerInfo serverInfo() {
                return transport.serverInfo();
            }

            @Override
            public void close() {
            }
        };
        DiskSpill spill = DiskSpill.builder(dir, table).build();
        spill.onFailedBatch(batch(1, 2));

        spill.replayNow();
        spill.replayNow();
        assertThat(spill.stats().pendingFiles()).isEqualTo(1);
        assertThat(spill.stats().rejectedFiles()).isZero();
        assertThat(spill.stats().missingTableWaits()).isEqualTo(2);
        assertThat(spill.stats().missingTables()).containsExactly(TestRows.TABLE.toString());

        missing.set(false);
        spill.replayNow();
        assertThat(transport.allIds()).containsExactly(1L, 2L);
        assertThat(spill.stats().pendingFiles()).isZero();
        assertThat(spill.stats().missingTables()).isEmpty();

        missing.set(true);
        DiskSpill impatient = DiskSpill.builder(dir.resolve("impatient"), table)
                .missingTableTimeout(java.time.Duration.ZERO).build();
        impatient.onFailedBatch(batch(3));
        impatient.replayNow();
        assertThat(impatient.stats().rejectedFiles()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseMaterializedViewFailedIsSetAsideAtOnceNeverReplayed() {
        DiskSpill spill = DiskSpill.builder(dir, transport).build();
        FailedBatch viewFailed = batch(1);
        spill.onFailedBatch(new FailedBatch(viewFailed.table(), viewFailed.columns(), viewFailed.payload(), 1, 1,
                new TransportException("Code: 6. Cannot parse string 'x' as Int32: while pushing to view db.mv.", false,
                        6, 400, null), null));

        spill.replayNow();

        assertThat(transport.allIds()).isEmpty();
        assertThat(spill.stats().pendingFiles()).isZero();
        assertThat(spill.stats().rejectedFiles()).isEqualTo(1);
        assertThat(dir.resolve("rejected")).isDirectoryContaining("glob:**.spill");
    }

    private static FailedBatch batch(long... ids) {
        RowBuffer buffer = new RowBuffer(64);
        for (long id : ids) {
            TestRows.ENCODER.encode(Event.of(id), buffer);
        }
        return new FailedBatch(TestRows.TABLE, List.of("id", "text"), java.util.Arrays.copyOf(buffer.array(),
                buffer.size()), ids.length, 3, new TransportException("down", true, 0, 0, null), null);
    }
}
