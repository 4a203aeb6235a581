package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TestRows.Event;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batcher with {@link Durability#WAL}, against an in-memory transport that records tokens. */
class WalBatcherTest {

    @TempDir
    Path dir;

    private final List<Batcher<Event>> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(Batcher::close);
    }

    /** Records each attempt's token and ids; fails while {@code down}, refuses rows with id {@link #POISON} as invalid. */
    static final long POISON = 999_999_999L;

    static final class TokenTransport implements ClickHouseTransport {
        final Map<String, List<Long>> attempted = new ConcurrentHashMap<>();
        final List<List<Long>> acknowledged = new CopyOnWriteArrayList<>();
        final List<String> acknowledgedTokens = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void insert(InsertRequest request) {
            List<Long> ids = TestRows.ids(request.payload(), request.length());
            attempted.put(String.valueOf(request.deduplicationToken()), ids);
            if (down) {
                throw new TransportException("Connection refused (test)", true, 0, 0, null);
            }
            if (ids.contains(POISON)) {
                throw new TransportException("Code: 27. Cannot parse input (test)", false, 27, 0, null);
            }
            acknowledged.add(ids);
            acknowledgedTokens.add(request.deduplicationToken());
        }

        List<Long> ids() {
            List<Long> all = new ArrayList<>();
            acknowledged.forEach(all::addAll);
            return all;
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            return List.of(new TableColumn("id", "UInt64", ""), new TableColumn("text", "String", ""));
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("25.8.1", Set.of("insert_deduplication_token"), Set.of());
        }

        @Override
        public TableEngine tableEngine(TableRef table) {
            return new TableEngine("MergeTree", "MergeTree ORDER BY id SETTINGS "
                    + "non_replicated_deduplication_window = 1000", "default");
        }

        @Override
        public void close() {
        }
    }

    private Batcher<Event> start(TokenTransport transport, BatchConfig.Builder config) {
        Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING)
                .config(config.durability(Durability.WAL).build()).closeOnJvmExit(false).build();
        started.add(batcher);
        batcher.start();
        return batcher;
    }

    private BatchConfig.Builder config(WalFsync fsync) {
        return BatchConfig.builder().maxRows(1_000).maxWait(Duration.ofMillis(50)).retryBaseDelay(Duration.ofMillis(5))
                .retryMaxDelay(Duration.ofMillis(20)).shutdownTimeout(Duration.ofMillis(300))
                .deduplication(Deduplication.ON)
                .wal(WalConfig.defaults().withDirectory(dir).withFsync(fsync).withMaxSize(WalConfig.MIN_SIZE));
    }

    @Test
    void everyRowArrivesOnceAndAcknowledgedSegmentsAreDeleted() throws Exception {
        TokenTransport transport = new TokenTransport();
        Batcher<Event> batcher = start(transport, config(WalFsync.INTERVAL));
        BatcherHandle<Event> handle = batcher.handle();
        for (int i = 0; i < 50_000; i++) {
            handle.insert(Event.of(i));
        }
        handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(transport.ids()).hasSize(50_000).doesNotHaveDuplicates();
        assertThat(transport.acknowledgedTokens).allMatch(token -> token.startsWith("clicktype-wal-"))
                .doesNotHaveDuplicates();
        WalStats stats = batcher.walStats().orElseThrow();
        // 50 000 rows of ~20 bytes need two 1 MiB segments; the first is deleted once acknowledged
        assertThat(stats.segments()).isEqualTo(1);
        assertThat(stats.bytes()).isLessThanOrEqualTo(WalConfig.MIN_SIZE);
        assertThat(stats.fsyncs()).isPositive();
        assertThat(batcher.stats().queuedRows()).isZero();
    }

    @Test
    void aRestartSendsWhatWasNotAcknowledgedWithTheFirstAttemptsTokens() throws Exception {
        TokenTransport down = new TokenTransport();
        down.down = true;
        Batcher<Event> first = start(down, config(WalFsync.INTERVAL).maxRows(100));
        for (int i = 0; i < 1_000; i++) {
            first.handle().insert(Event.of(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !down.attempted.isEmpty());
        first.close();
        Map<String, List<Long>> firstAttempts = Map.copyOf(down.attempted);

        TokenTransport up = new TokenTransport();
        Batcher<Event> second = start(up, config(WalFsync.INTERVAL).maxRows(100));
        second.handle().flush().get(10, TimeUnit.SECONDS);

        assertThat(up.ids()).containsExactlyInAnyOrderElementsOf(range(0, 1_000));
        // every batch attempted before the restart is sent again with the same rows under the same token
        for (Map.Entry<String, List<Long>> attempt : firstAttempts.entrySet()) {
            assertThat(up.acknowledgedTokens).contains(attempt.getKey());
            assertThat(up.acknowledged.get(up.acknowledgedTokens.indexOf(attempt.getKey())))
                    .isEqualTo(attempt.getValue());
        }
        assertThat(second.walStats().orElseThrow().replayedRows()).isEqualTo(1_000);
    }

    /**
     * ClickHouse away when the application stops: the rows are safe in the log, so close does not retry them until
     * shutdownTimeout (which would outlast a container's grace period); the next start sends every one.
     */
    @Test
    void closeDuringAnOutageLeavesTheBatchesInTheLogWithoutWaitingOutShutdownTimeout() throws Exception {
        TokenTransport down = new TokenTransport();
        down.down = true;
        Batcher<Event> first = start(down, config(WalFsync.INTERVAL).maxRows(100).retryBaseDelay(Duration.ofSeconds(5))
                .retryMaxDelay(Duration.ofSeconds(5)).shutdownTimeout(Duration.ofMinutes(2)));
        for (int i = 0; i < 1_000; i++) {
            first.handle().insert(Event.of(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !down.attempted.isEmpty());
        // a retry wait of 5 s is under way, and shutdownTimeout is 2 min: close must end neither
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), first::close);
        assertThat(down.acknowledged).isEmpty();

        TokenTransport up = new TokenTransport();
        Batcher<Event> second = start(up, config(WalFsync.INTERVAL).maxRows(100));
        second.handle().flush().get(10, TimeUnit.SECONDS);
        assertThat(up.ids()).containsExactlyInAnyOrderElementsOf(range(0, 1_000));
    }

    @Test
    void aBatchSentAgainMoreThanAnHourAfterItWasCutIsCountedAsPossiblyStoredTwice() throws Exception {
        TokenTransport down = new TokenTransport();
        down.down = true;
        Batcher<Event> first = start(down, config(WalFsync.ALWAYS).maxRows(10));
        for (int i = 0; i < 10; i++) {
            first.handle().insert(Event.of(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !down.attempted.isEmpty());
        first.close();
        backdateCuts(onlySegment(), Duration.ofHours(2));

        TokenTransport up = new TokenTransport();
        Batcher<Event> second = start(up, config(WalFsync.ALWAYS).maxRows(10));
        second.handle().flush().get(10, TimeUnit.SECONDS);
        assertThat(up.ids()).hasSize(10);
        assertThat(second.walStats().orElseThrow().replayedPastWindowRows()).isEqualTo(10);
    }

    /** Moves the time of every CUT record in {@code segment} back by {@code age}, checksums kept right. */
    private static void backdateCuts(Path segment, Duration age) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 16; at + 8 < bytes.limit() && bytes.getInt(at) != 0; at += 8 + bytes.getInt(at)) {
            int length = bytes.getInt(at);
            if (bytes.get(at + 8) == 2) {
                bytes.putLong(at + 17, bytes.getLong(at + 17) - age.toMillis());
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(bytes.array(), at + 8, length);
                bytes.putInt(at + 4, (int) crc.getValue());
            }
        }
        Files.write(segment, bytes.array());
    }

    @Test
    void aFullLogMakesInsertWaitThenFailNamingTheFix() {
        TokenTransport down = new TokenTransport();
        down.down = true;
        Batcher<Event> batcher = start(down, config(WalFsync.INTERVAL).maxBlock(Duration.ofMillis(50)));
        String text = "x".repeat(1_000);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                batcher.handle().insert(new Event(i, text));
            }
        }).isInstanceOf(BatchQueueFullException.class).hasMessageContaining("write-ahead log")
                .hasMessageContaining("wal.max-size");
        assertThat(batcher.walStats().orElseThrow().bytes()).isLessThanOrEqualTo(WalConfig.MIN_SIZE);
        assertThat(batcher.stats().timedOutRows()).isEqualTo(1);
        assertThat(batcher.handle().tryInsert(new Event(1, text))).as("tryInsert sheds at once").isFalse();
        assertThat(batcher.stats().shedRows()).isEqualTo(1);
    }

    @Test
    void aRefusedBatchIsSetAsideAndLaterBatchesLand() throws Exception {
        TokenTransport transport = new TokenTransport();
        Batcher<Event> batcher = start(transport, config(WalFsync.ALWAYS));
        batcher.handle().insert(Event.of(POISON));
        assertThatThrownBy(() -> batcher.handle().flush().get(10, TimeUnit.SECONDS)).hasMessageContaining("Cannot parse");
        batcher.handle().insert(Event.of(1));
        batcher.handle().flush().get(10, TimeUnit.SECONDS);

        assertThat(transport.ids()).containsExactly(1L);
        assertThat(batcher.walStats().orElseThrow().rejectedRows()).isEqualTo(1);
        assertThat(batcher.walStats().orElseThrow().rejectedFilesHeld()).isEqualTo(1);
        assertThat(batcher.walStats().orElseThrow().rejectedRowsHeld()).isEqualTo(1);
        try (Stream<Path> files = Files.list(dir.resolve("events").resolve("rejected"))) {
            assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString().endsWith(".spill");
        }
        batcher.close();

        // the next run still shows the file, which nothing sends until someone acts on it
        Batcher<Event> next = start(transport, config(WalFsync.ALWAYS));
        assertThat(next.walStats().orElseThrow().rejectedRows()).isZero();
        assertThat(next.walStats().orElseThrow().rejectedFilesHeld()).isEqualTo(1);
        assertThat(next.walStats().orElseThrow().rejectedRowsHeld()).isEqualTo(1);
        next.close();
    }

    /** The gauge users alert on is 0 once everything appended is acknowledged (batch marks after it do not count). */
    @Test
    void unacknowledgedBytesAreZeroOnceEveryRowIsAcknowledged() throws Exception {
        TokenTransport transport = new TokenTransport();
        Batcher<Event> batcher = start(transport, config(WalFsync.INTERVAL));
        for (int i = 0; i < 100; i++) {
            batcher.handle().insert(Event.of(i));
        }
        batcher.handle().flush().get(10, TimeUnit.SECONDS);

        assertThat(transport.ids()).hasSize(100);
        assertThat(batcher.walStats().orElseThrow().unacknowledgedBytes()).isZero();
        transport.down = true;
        batcher.handle().insert(Event.of(100));
        assertThat(batcher.walStats().orElseThrow().unacknowledgedBytes()).isPositive();
    }

    @Test
    void submitCompletesWhenTheRowsBatchIsAcknowledged() throws Exception {
        TokenTransport transport = new TokenTransport();
        Batcher<Event> batcher = start(transport, config(WalFsync.ALWAYS));
        FlushStats stats = batcher.handle().submit(Event.of(7)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(stats.rows()).isEqualTo(1);
        assertThat(transport.ids()).containsExactly(7L);
    }

    @Test
    void concurrentProducersShareFsyncs() throws Exception {
        TokenTransport transport = new TokenTransport();
        Batcher<Event> batcher = start(transport, config(WalFsync.ALWAYS).maxRows(100_000));
        int threads = 8;
        int perThread = 500;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * perThread;
            Thread producer = new Thread(() -> {
                for (int i = from; i < from + perThread; i++) {
                    batcher.handle().insert(Event.of(i));
                }
            });
            producer.start();
            producers.add(producer);
        }
        for (Thread producer : producers) {
            producer.join();
        }
        batcher.handle().flush().get(10, TimeUnit.SECONDS);
        assertThat(transport.ids()).containsExactlyInAnyOrderElementsOf(range(0, threads * perThread));
        assertThat(batcher.walStats().orElseThrow().fsyncs()).isLessThan(threads * perThread);
    }

    @Test
    void aTornLastRecordIsCutOffAndCountedAndTheRowsBeforeItAreSent() throws Exception {
        TokenTransport down = new TokenTransport();
        down.down = true;
        Batcher<Event> first = start(down, config(WalFsync.ALWAYS).maxWait(Duration.ofHours(1)));
        for (int i = 0; i < 10; i++) {
            first.handle().insert(Event.of(i));
        }
        first.close();
        Path segment = onlySegment();
        // a record cut short: its header says 40 bytes, 3 follow (a process killed mid-write)
        writeAt(segment, Files.size(segment), new byte[] {40, 0, 0, 0, 1, 2, 3, 4, 1, 9, 9});

        TokenTransport up = new TokenTransport();
        Batcher<Event> second = start(up, config(WalFsync.ALWAYS));
        second.handle().flush().get(10, TimeUnit.SECONDS);
        assertThat(up.ids()).containsExactlyInAnyOrderElementsOf(range(0, 10));
        assertThat(second.walStats().orElseThrow().tornRecords()).isEqualTo(1);
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".wal")).findFirst().orElseThrow();
        }
    }

    static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
