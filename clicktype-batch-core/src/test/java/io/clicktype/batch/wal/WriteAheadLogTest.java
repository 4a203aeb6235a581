package io.clicktype.batch.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.encoding.RowBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on its own: records, cuts and acknowledgements across a reopen, torn tails, corrupt segments, the bound. */
class WriteAheadLogTest {

    private static final TableRef TABLE = TableRef.of("events");

    @TempDir
    Path dir;

    private WriteAheadLog open() {
        return WriteAheadLog.open(TABLE, dir, WalConfig.defaults().withDirectory(dir).withFsync(WalFsync.ALWAYS)
                .withMaxSize(WalConfig.MIN_SIZE));
    }

    /** A DATA record of {@code rows} rows whose payload is {@code size} bytes of {@code fill}. */
    private static byte[] record(int size, byte fill, int rows) {
        byte[] record = new byte[WalRecords.DATA_PREFIX + size];
        Arrays.fill(record, WalRecords.DATA_PREFIX, record.length, fill);
        WalRecords.sealData(record, record.length, rows);
        return record;
    }

    private static long append(WriteAheadLog log, byte[] record, int rows) throws InterruptedException {
        return log.append(record, record.length, rows, 0);
    }

    /** The payloads the reader yields until {@code end}, one per DATA record. */
    private static List<byte[]> read(WriteAheadLog log, long end) {
        WalReader reader = log.reader();
        List<byte[]> payloads = new ArrayList<>();
        while (reader.position() < end) {
            RowBuffer out = new RowBuffer(16);
            if (reader.next(out) == WalRecords.DATA) {
                payloads.add(Arrays.copyOf(out.array(), out.size()));
            }
        }
        return payloads;
    }

    @Test
    void aReopenedLogStartsAfterTheLastAcknowledgementAndKnowsTheCutsAfterIt() throws Exception {
        long firstEnd;
        long secondEnd;
        long end;
        try (WriteAheadLog log = open()) {
            firstEnd = append(log, record(10, (byte) 1, 1), 1);
            log.cut(firstEnd);
            log.acknowledge(firstEnd);
            secondEnd = append(log, record(10, (byte) 2, 2), 2);
            log.cut(secondEnd);
            end = append(log, record(10, (byte) 3, 3), 3);
        }
        try (WriteAheadLog log = open()) {
            assertThat(log.start()).isEqualTo(firstEnd);
            assertThat(log.pendingCuts()).containsExactly(secondEnd);
            assertThat(log.recoveredEnd()).isEqualTo(end);
            List<byte[]> payloads = read(log, log.end());
            assertThat(payloads).hasSize(2);
            assertThat(payloads.get(0)).containsOnly(2);
            assertThat(payloads.get(1)).containsOnly(3);
            assertThat(log.token(secondEnd)).isEqualTo(log.token(secondEnd)).endsWith("-" + secondEnd);
            assertThat(log.stats().tornRecords()).isZero();
        }
    }

    private WriteAheadLog open(WalFsync fsync) {
        return WriteAheadLog.open(TABLE, dir, WalConfig.defaults().withDirectory(dir).withFsync(fsync)
                .withMaxSize(WalConfig.MIN_SIZE));
    }

    @Test
    void aLogWrittenMappedAndWrittenWithWriteCallsReadsBackWhicheverFsyncItIsReopenedWith() throws Exception {
        long end;
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            append(log, record(10, (byte) 1, 1), 1);
        }
        try (WriteAheadLog log = open(WalFsync.ALWAYS)) {
            assertThat(log.stats().tornRecords()).as("the zeros after a mapped segment's records are no record")
                    .isZero();
            append(log, record(10, (byte) 2, 1), 1);
        }
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            end = append(log, record(10, (byte) 3, 1), 1);
        }
        try (WriteAheadLog log = open(WalFsync.ALWAYS)) {
            assertThat(log.recoveredEnd()).isEqualTo(end);
            assertThat(read(log, end)).extracting(payload -> payload[0]).containsExactly((byte) 1, (byte) 2, (byte) 3);
            assertThat(log.stats().tornRecords()).isZero();
        }
    }

    @Test
    void bytesOfAnUnfinishedWriteAfterTheLastRecordAreCutOffAndCounted() throws Exception {
        long end;
        try (WriteAheadLog log = open()) {
            end = append(log, record(10, (byte) 1, 1), 1);
        }
        Path segment = segments().get(0);
        // a body written without its length: a process killed mid-append
        writeAt(segment, WalSegment.FILE_HEADER + end + 4, new byte[] {7, 7, 7, 7, 1});
        try (WriteAheadLog log = open()) {
            assertThat(log.stats().tornRecords()).isEqualTo(1);
            assertThat(log.end()).isEqualTo(end);
            long next = append(log, record(3, (byte) 5, 1), 1);
            assertThat(read(log, next)).hasSize(2);
        }
        try (WriteAheadLog log = open()) {
            assertThat(log.stats().tornRecords()).as("cut off for good, not found again").isZero();
        }
    }

    /**
     * With fsync interval an acknowledged segment becomes the next one instead of a file of new zeros. Its old
     * records stay after the new ones: a reopened log reads exactly the new records, with fsync interval and always.
     */
    @Test
    void anAcknowledgedSegmentIsReusedAndItsOldRecordsAreNeverReadAsNew() throws Exception {
        long[] ends = reuseFirstSegment();
        Path reused = segments().get(segments().size() - 1);
        assertThat(new String(Files.readAllBytes(reused), 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("CTWAL002");
        long end;
        try (WriteAheadLog log = open(WalFsync.ALWAYS)) {
            assertThat(log.stats().tornRecords()).isZero();
            assertThat(log.stats().corruptSegments()).isZero();
            assertThat(log.recoveredEnd()).isEqualTo(ends[1]);
            end = append(log, record(10, (byte) 3, 1), 1);
        }
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            assertThat(log.stats().tornRecords()).isZero();
            assertThat(log.recoveredEnd()).isEqualTo(end);
            List<byte[]> payloads = read(log, end);
            assertThat(payloads).extracting(payload -> payload[0]).containsOnly((byte) 2, (byte) 3)
                    .endsWith((byte) 3).hasSize((int) ends[2] + 1);
        }
    }

    /**
     * Appends write through a window that moves along the segment: records cut by a window's end, and a record
     * larger than a window, read back exactly after a reopen; and no more than one window of the active segment is
     * mapped at any time (sealed segments are forced unmapped: a mapped page costs a TLB shoot-down to write back).
     */
    @Test
    void recordsAcrossWindowsReadBackExactlyAndOnlyTheActiveWindowStaysMapped() throws Exception {
        WalConfig config = WalConfig.defaults().withDirectory(dir).withFsync(WalFsync.INTERVAL)
                .withMaxSize(32L << 20); // 4 MiB segments: several windows each
        List<byte[]> written = new ArrayList<>();
        long end = 0;
        try (WriteAheadLog log = WriteAheadLog.open(TABLE, dir, config)) {
            for (int i = 0; i < 9_000; i++) {
                int size = i == 4_000 ? WalSegment.WINDOW + 12_345 : 997 + (i * 131) % 1_500;
                byte[] record = record(size, (byte) i, 1);
                written.add(Arrays.copyOfRange(record, WalRecords.DATA_PREFIX, record.length));
                end = append(log, record, 1);
                if (i % 1_000 == 999) {
                    long mapped = 0;
                    for (Path segment : segments()) {
                        for (String line : MappedWindowTest.mappingsOf(segment)) {
                            String[] range = line.substring(0, line.indexOf(' ')).split("-");
                            mapped += Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
                        }
                    }
                    // two windows while a record that crossed a window's end is being written past
                    assertThat(mapped).as("bytes of log segments mapped after record " + i)
                            .isLessThanOrEqualTo(2L * WalSegment.WINDOW);
                }
            }
            assertThat(log.stats().segments()).isGreaterThan(2);
        }
        try (WriteAheadLog log = WriteAheadLog.open(TABLE, dir, config)) {
            assertThat(log.recoveredEnd()).isEqualTo(end);
            assertThat(log.stats().tornRecords()).isZero();
            List<byte[]> read = read(log, end);
            assertThat(read).hasSameSizeAs(written);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i)).as("record " + i).isEqualTo(written.get(i));
            }
        }
    }

    /**
     * Segments kept for reuse are an optimisation, never a reason to wait: a record larger than a segment, which cannot
     * use them, appends at once in a log whose every record is acknowledged (no later acknowledgement would free their
     * room), and they are given up for it.
     */
    @Test
    void segmentsKeptForReuseAreGivenUpForARecordThatNeedsTheirRoom() throws Exception {
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            byte[] old = record(100_000, (byte) 1, 1);
            long end = 0;
            while (log.stats().segments() < 3) {
                end = append(log, old, 1);
            }
            log.cut(end);
            log.acknowledge(end);
            assertThat(log.spares()).as("[reused, zero-filled] spares").containsExactly(1, 0);

            // 4 MiB max-size: the active segment and the kept one leave less than this record needs
            byte[] large = record(2_500_000, (byte) 7, 1);
            long after = append(log, large, 1);

            assertThat(after).as("appended without waiting, not FULL").isPositive();
            assertThat(read(log, after)).last().extracting(payload -> payload[0]).isEqualTo((byte) 7);
        }
    }

    /**
     * An old record where the next new one should be, whole and with its checksum right for the segment it was
     * written in (the zero length after the last new record lost, e.g. to a power loss), is a torn write in a
     * reused segment: cut off and counted, never replayed.
     */
    @Test
    void anOldRecordWholeWhereTheNextNewOneShouldBeIsCutOffNotReplayed() throws Exception {
        byte[] old = record(100_000, (byte) 1, 1);
        long[] ends = reuseFirstSegment();
        Path reused = segments().get(segments().size() - 1);
        long base = Long.parseLong(reused.getFileName().toString().replace(".wal", ""));
        writeAt(reused, WalSegment.FILE_HEADER + ends[1] - base, old);
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            assertThat(log.stats().tornRecords()).isEqualTo(1);
            assertThat(log.recoveredEnd()).isEqualTo(ends[1]);
            assertThat(read(log, ends[1])).extracting(payload -> payload[0]).containsOnly((byte) 2);
        }
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            assertThat(log.stats().tornRecords()).as("cut off for good").isZero();
        }
    }

    /**
     * Fills the first 1 MiB segment with 100 000-byte records of 1s, acknowledges them, so that the first segment
     * is kept for reuse, then appends 1 000-byte records of 2s until the log rolls into it and three more are in it.
     *
     * @return the acknowledged end, the log's end, and how many records of 2s were appended after the acknowledged
     *         end
     */
    private long[] reuseFirstSegment() throws Exception {
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            byte[] old = record(100_000, (byte) 1, 1);
            long acked = 0;
            while (log.stats().segments() < 2) {
                acked = append(log, old, 1);
            }
            log.cut(acked);
            log.acknowledge(acked);
            // the acknowledged segment is kept for reuse; whether the sync thread also zero-filled a spare while the
            // first segment was more than half full (its round after the open's force may come that late on a busy
            // machine: a clean-clone CI run saw it) does not matter here, as a kept segment is rolled into first
            assertThat(log.spares()[0]).as("reused spares").isEqualTo(1);
            assertThat(segments()).hasSize(1);
            byte[] next = record(1_000, (byte) 2, 1);
            long end = acked;
            long appended = 0;
            int inReused = 0;
            while (inReused < 3) {
                end = append(log, next, 1);
                appended++;
                if (log.stats().segments() == 2) {
                    inReused++;
                }
            }
            assertThat(log.spares()).as("no file of zeros was written").containsExactly(1, 0);
            return new long[] {acked, end, appended};
        }
    }

    @Test
    void aCorruptSegmentInTheMiddleIsSetAsideAndTheSegmentsAfterItAreStillRead() throws Exception {
        byte[] big = record(200_000, (byte) 9, 1);
        long end = 0;
        try (WriteAheadLog log = open()) {
            while (log.stats().segments() < 3) {
                end = append(log, big, 1);
            }
        }
        List<Path> files = segments();
        assertThat(files).hasSize(3);
        writeAt(files.get(1), WalSegment.FILE_HEADER + 100, new byte[] {42});
        try (WriteAheadLog log = open()) {
            assertThat(log.stats().corruptSegments()).isEqualTo(1);
            assertThat(segments()).hasSize(2);
            assertThat(Files.exists(files.get(1).resolveSibling(files.get(1).getFileName() + ".corrupt"))).isTrue();
            long afterGap = Long.parseLong(files.get(2).getFileName().toString().replace(".wal", ""));
            long inSegment0 = Long.parseLong(files.get(1).getFileName().toString().replace(".wal", ""))
                    / (WalRecords.DATA_PREFIX + 200_000);
            long inLast = (end - afterGap) / (WalRecords.DATA_PREFIX + 200_000);
            assertThat(read(log, log.end())).hasSize((int) (inSegment0 + inLast));
        }
    }

    /**
     * The reader (the batcher's worker) asks to be woken once a batch could be full: appends before that do not
     * hand off to it, the one that reaches the rows (or the bytes) asked for does, and so does {@link
     * WriteAheadLog#wake()}.
     */
    @Test
    void aWaitingReaderIsWokenByTheAppendThatReachesTheRowsOrBytesItAskedForNotByEachAppend() throws Exception {
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            long start = log.end();
            CompletableFuture<Long> woken = waitInAnotherThread(log, start, 3, 1 << 20);
            append(log, record(10, (byte) 1, 1), 1);
            append(log, record(10, (byte) 2, 1), 1);
            assertThat(log.readerWakeUps()).isZero();
            long third = append(log, record(10, (byte) 3, 1), 1);
            assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(third);
            assertThat(log.readerWakeUps()).isEqualTo(1);

            woken = waitInAnotherThread(log, third, 1_000, 100);
            long big = append(log, record(200, (byte) 4, 1), 1);
            assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(big);
            assertThat(log.readerWakeUps()).isEqualTo(2);

            woken = waitInAnotherThread(log, big, 1_000, 1 << 20);
            log.wake();
            assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    /**
     * The reader waits without the log's lock, so its hand-off is its own: a {@link WriteAheadLog#wake()} while nobody
     * waits makes exactly the next wait return at once, a wait ends at its timeout, and an interrupt ends it with
     * {@link InterruptedException} (the batcher's abort).
     */
    @Test
    void aWakeWhileNobodyWaitsEndsTheNextWaitOnlyAndTimeoutsAndInterruptsEndAWait() throws Exception {
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            long end = log.end();
            log.wake();
            log.awaitData(end, 1, 1, -1); // returns at once: the wake was pending

            long before = System.nanoTime();
            log.awaitData(end, 1, 1, TimeUnit.MILLISECONDS.toNanos(50)); // the wake was consumed: waits it out
            assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

            CompletableFuture<Long> interrupted = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    log.awaitData(end, 1, 1, -1);
                    interrupted.complete(log.end());
                } catch (Throwable e) {
                    interrupted.completeExceptionally(e);
                }
            }, "wal-reader");
            reader.start();
            org.awaitility.Awaitility.await().until(() -> reader.getState() == Thread.State.WAITING);
            reader.interrupt();
            assertThat(interrupted).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                    .havingRootCause().isInstanceOf(InterruptedException.class);
        }
    }

    /**
     * No append that reaches a waiting reader's target is missed: a reader waiting without a timeout is woken by every
     * single-record append from two producer threads, 2 000 hand-offs in a row (a lost wake-up leaves it waiting, and
     * the test times out).
     */
    @Test
    void everyAppendThatReachesTheTargetWakesAReaderWaitingWithoutATimeout() throws Exception {
        try (WriteAheadLog log = open(WalFsync.INTERVAL)) {
            java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(log.end());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        log.awaitData(seen.get(), 1, 1, -1);
                        seen.set(log.end());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "wal-reader");
            reader.start();
            java.util.concurrent.ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                byte[] one = record(10, (byte) 7, 1);
                for (int i = 0; i < 2_000; i++) {
                    long end = producers.submit(() -> append(log, one, 1)).get(10, TimeUnit.SECONDS);
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                            .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(1))
                            .until(() -> seen.get() >= end);
                }
            } finally {
                producers.shutdownNow();
                stop.set(true);
                log.wake();
                reader.join(10_000);
            }
            assertThat(reader.isAlive()).isFalse();
        }
    }

    /** Waits in {@link WriteAheadLog#awaitData} on a thread of its own; completes with the log's end after it. */
    private static CompletableFuture<Long> waitInAnotherThread(WriteAheadLog log, long position, int rows, int bytes)
            throws InterruptedException {
        CompletableFuture<Long> woken = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                log.awaitData(position, rows, bytes, -1);
                woken.complete(log.end());
            } catch (Throwable e) {
                woken.completeExceptionally(e);
            }
        }, "wal-reader");
        reader.start();
        // in awaitData once it parks
        org.awaitility.Awaitility.await().until(() -> reader.getState() == Thread.State.WAITING);
        return woken;
    }

    @Test
    void aFullLogRefusesDataButStillTakesBatchMarks() throws Exception {
        try (WriteAheadLog log = open()) {
            byte[] big = record(200_000, (byte) 1, 1);
            long end = 0;
            long last;
            while ((last = append(log, big, 1)) != WriteAheadLog.FULL) {
                end = last;
            }
            assertThat(log.stats().bytes()).isLessThanOrEqualTo(WalConfig.MIN_SIZE);
            log.cut(end);
            log.acknowledge(end);
            assertThat(append(log, big, 1)).as("room again once acknowledged segments are deleted").isPositive();
            assertThatThrownBy(() -> append(log, record(5_000_000, (byte) 1, 1), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wal.max-size");
        }
    }

    @Test
    void aSecondLogOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        WriteAheadLog first = open();
        assertThatThrownBy(this::open).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("write-ahead log directory").hasMessageContaining("is in use by another owner")
                .hasMessageContaining("clicktype.batch.wal.directory");
        first.close();
        open().close();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".wal")).sorted().toList();
        }
    }

    private static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }
}
