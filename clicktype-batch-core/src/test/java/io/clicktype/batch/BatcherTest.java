package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TestRows.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final List<FailedBatch> failed = new CopyOnWriteArrayList<>();
    private final CountingListener listener = new CountingListener();
    private final List<Batcher<Event>> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        transport.open();
        started.forEach(Batcher::close);
    }

    private BatcherHandle<Event> start(BatchConfig.Builder config) {
        Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING)
                .config(config.build()).failedBatchHandler(failed::add).listener(listener).build();
        started.add(batcher);
        return batcher.start();
    }

    private static io.clicktype.batch.mapping.RowMapping<Event> withColumns(List<String> columns) {
        io.clicktype.batch.encoding.RowEncoder<Event> encoder = new io.clicktype.batch.encoding.RowEncoder<>() {
            @Override
            public List<String> columnNames() {
                return columns;
            }

            @Override
            public void validate(Event row) {
                TestRows.ENCODER.validate(row);
            }

            @Override
            public void encode(Event row, io.clicktype.batch.encoding.RowBuffer out) {
                TestRows.ENCODER.encode(row, out);
            }
        };
        return new io.clicktype.batch.mapping.RowMapping<>(TestRows.MAPPING.table(), encoder, List.of());
    }

    @Test
    void aColumnListNoInsertCouldCarryIsRefusedAtStartNotAtTheFirstFlush() {
        for (List<String> columns : List.of(List.<String>of(),
                List.of("id", ""), List.of("id", "id"))) {
            Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).mapping(withColumns(columns))
                    .build();
            started.add(batcher);
            assertThatThrownBy(batcher::start)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table `events`");
        }
        Batcher<Event> odd = Batcher.builder(Event.class).transport(transport)
                .mapping(withColumns(List.of("tags.name", "user id"))).build();
        started.add(odd);
        BatcherHandle<Event> handle = odd.start();
        handle.insert(new Event(1, "a"));
        assertThat(handle.flush()).succeedsWithin(Duration.ofSeconds(10));
        assertThat(transport.inserts).hasSize(1);
    }

    private static BatchConfig.Builder config() {
        return BatchConfig.builder().maxWait(Duration.ofHours(1)).retryBaseDelay(Duration.ofMillis(5))
                .retryMaxDelay(Duration.ofMillis(20));
    }

    @Test
    void flushesEveryMaxRowsAndTheRestOnExplicitFlush() throws Exception {
        BatcherHandle<Event> handle = start(config().maxRows(10));
        for (int i = 0; i < 25; i++) {
            handle.insert(Event.of(i));
        }
        await().until(() -> transport.inserts.size() == 2);
        assertThat(transport.inserts).extracting(RecordingTransport.Insert::rows).containsExactly(10, 10);

        FlushStats stats = handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(stats.rows()).isEqualTo(5);
        assertThat(stats.trigger()).isEqualTo(FlushTrigger.EXPLICIT);
        assertThat(stats.attempts()).isEqualTo(1);
        assertThat(transport.allIds()).containsExactlyElementsOf(range(0, 25));
        assertThat(listener.triggers).containsExactly(FlushTrigger.MAX_ROWS, FlushTrigger.MAX_ROWS, FlushTrigger.EXPLICIT);
    }

    @Test
    void flushesWhenTheEncodedBytesReachMaxBufferSizeExceedingItByAtMostOneRow() throws Exception {
        // Each row: 8 (id) + 1 (length) + 3..4 bytes of text.
        BatcherHandle<Event> handle = start(config().maxBufferSize(100));
        for (int i = 100; i < 160; i++) {
            handle.insert(Event.of(i));
        }
        handle.flush().get(10, TimeUnit.SECONDS);

        List<RecordingTransport.Insert> inserts = transport.inserts;
        assertThat(inserts).hasSizeGreaterThan(4);
        for (RecordingTransport.Insert insert : inserts.subList(0, inserts.size() - 1)) {
            assertThat(insert.bytes()).isBetween(100, 100 + 13 - 1);
        }
        assertThat(listener.triggers.get(0)).isEqualTo(FlushTrigger.MAX_BYTES);
        assertThat(transport.allIds()).containsExactlyElementsOf(range(100, 160));
    }

    @Test
    void aRowLargerThanMaxBufferSizeTravelsAlone() throws Exception {
        BatcherHandle<Event> handle = start(config().maxBufferSize(50));
        handle.insert(new Event(1, "x".repeat(500)));
        handle.insert(Event.of(2));
        handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(transport.inserts).extracting(RecordingTransport.Insert::ids)
                .containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void maxWaitCountsFromTheBatchsFirstRow() {
        BatcherHandle<Event> handle = start(config().maxWait(Duration.ofMillis(300)).minRows(0));
        long start = System.nanoTime();
        handle.insert(Event.of(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> transport.inserts.size() == 1);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(listener.triggers).containsExactly(FlushTrigger.MAX_WAIT);
        assertThat(listener.flushed.get(0).batchAge()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anIdleBatcherSendsNothing() throws Exception {
        BatcherHandle<Event> handle = start(config().maxWait(Duration.ofMillis(20)));
        FlushStats stats = handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(stats.rows()).isZero();
        assertThat(transport.attempts).hasValue(0);
    }

    @Test
    void closeFlushesWhatIsQueuedAndLaterInsertsFail() {
        BatcherHandle<Event> handle = start(config());
        handle.insertMany(List.of(Event.of(1), Event.of(2), Event.of(3)));

        started.get(0).close();
        started.get(0).close();

        assertThat(transport.allIds()).containsExactly(1L, 2L, 3L);
        assertThat(listener.triggers).containsExactly(FlushTrigger.CLOSE);
        assertThatThrownBy(() -> handle.insert(Event.of(4))).isInstanceOf(BatcherClosedException.class)
                .hasMessageContaining("events");
        assertThatThrownBy(() -> handle.tryInsert(Event.of(5))).isInstanceOf(BatcherClosedException.class);
    }

    @Test
    void anInvalidRowIsRefusedAtInsertAndNeverReachesABatch() throws Exception {
        BatcherHandle<Event> handle = start(config());
        handle.insert(Event.of(1));
        assertThatThrownBy(() -> handle.insert(Event.of(-7))).isInstanceOf(RowRejectedException.class)
                .hasMessageContaining("`id`").hasMessageContaining("events");
        handle.insert(Event.of(2));
        handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(transport.allIds()).containsExactly(1L, 2L);
        assertThat(started.get(0).stats().rejectedRows()).isEqualTo(1);
        assertThat(listener.rejected).hasValue(1);
    }

    @Test
    void insertManyIsAllOrNothing() {
        BatcherHandle<Event> handle = start(config().queueCapacity(5).maxBlock(Duration.ZERO));
        transport.hold();

        assertThatThrownBy(() -> handle.insertMany(List.of(Event.of(1), Event.of(-1))))
                .isInstanceOf(RowRejectedException.class);
        assertThatThrownBy(() -> handle.insertMany(range(0, 6).stream().map(Event::of).toList()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity (5)");
        assertThat(handle.queuedRows()).isZero();
        assertThat(started.get(0).stats().acceptedRows()).isZero();
    }

    @Test
    void aFullQueueBlocksInsertUntilRoomAppears() throws Exception {
        BatcherHandle<Event> handle = start(config().maxRows(5).queueCapacity(10).maxBlock(Duration.ofSeconds(30)));
        transport.hold();
        fillUntilQueueFull(handle);

        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> handle.insert(Event.of(999)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !blocked.isDone());

        transport.open();
        blocked.get(10, TimeUnit.SECONDS);
        handle.flush().get(10, TimeUnit.SECONDS);
        assertThat(transport.allIds()).contains(999L);
    }

    @Test
    void insertGivesUpAfterMaxBlockAndTryInsertShedsAtOnce() {
        BatcherHandle<Event> handle = start(config().maxRows(5).queueCapacity(10).maxBlock(Duration.ofMillis(100)));
        transport.hold();
        fillUntilQueueFull(handle);
        BatcherStats before = started.get(0).stats();

        assertThatThrownBy(() -> handle.insert(Event.of(999))).isInstanceOf(BatchQueueFullException.class)
                .hasMessageContaining("events").hasMessageContaining("10 rows").hasMessageContaining("maxBlock");
        assertThat(handle.tryInsert(Event.of(998))).isFalse();

        assertThat(listener.timedOut).hasValue(1);
        assertThat(listener.shed).hasValue(1);
        // Stats and metrics count the same way: one shed (tryInsert), one timed out (insert).
        assertThat(started.get(0).stats().shedRows()).isEqualTo(before.shedRows() + 1);
        assertThat(started.get(0).stats().timedOutRows()).isEqualTo(before.timedOutRows() + 1);
    }

    @Test
    void retryableFailuresAreRetriedAndTheBatchLandsOnce() throws Exception {
        transport.failNext(2, true);
        BatcherHandle<Event> handle = start(config().maxRetries(5));
        handle.insert(Event.of(1));

        FlushStats stats = handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(stats.attempts()).isEqualTo(3);
        assertThat(transport.allIds()).containsExactly(1L);
        assertThat(listener.retries).hasValue(2);
        assertThat(failed).isEmpty();
    }

    @Test
    void aFailureRetryingCannotFixSkipsTheRetriesAndGoesToTheHandlerWithItsPayload() {
        transport.failNext(1, false);
        BatcherHandle<Event> handle = start(config().maxRetries(5));
        handle.insertMany(List.of(Event.of(1), Event.of(2)));

        CompletableFuture<FlushStats> flush = handle.flush();

        assertThatThrownBy(() -> flush.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TransportException.class);
        assertThat(transport.attempts).hasValue(1);
        assertThat(failed).singleElement().satisfies(batch -> {
            assertThat(batch.rows()).isEqualTo(2);
            assertThat(batch.attempts()).isEqualTo(1);
            assertThat(batch.columns()).containsExactly("id", "text");
            assertThat(TestRows.ids(batch.payload(), batch.payload().length)).containsExactly(1L, 2L);
        });
        assertThat(started.get(0).stats().consecutiveFailedFlushes()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseRetriesRunOutGoesToTheHandlerAndLaterBatchesStillFlow() throws Exception {
        transport.failNext(3, true);
        BatcherHandle<Event> handle = start(config().maxRetries(2));
        handle.insert(Event.of(1));
        assertThatThrownBy(() -> handle.flush().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TransportException.class);

        handle.insert(Event.of(2));
        handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(failed).singleElement().satisfies(batch -> assertThat(batch.attempts()).isEqualTo(3));
        assertThat(transport.allIds()).containsExactly(2L);
        assertThat(started.get(0).stats().failedRows()).isEqualTo(1);
        assertThat(started.get(0).stats().consecutiveFailedFlushes()).isZero();
    }

    @Test
    void withoutAHandlerAFailedBatchIsCountedAsLost() {
        transport.failNext(1, false);
        Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING)
                .config(config().build()).listener(listener).build();
        started.add(batcher);
        batcher.start().insert(Event.of(1));
        batcher.close();

        assertThat(batcher.stats().lostRows()).isEqualTo(1);
        assertThat(listener.lost).hasValue(1);
    }

    @Test
    void rowsKeepBeingAcceptedWhileAFlushIsRetried() {
        transport.failForever();
        BatcherHandle<Event> handle = start(config().maxRows(2).maxRetries(1000).queueCapacity(100)
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(50))
                .shutdownTimeout(Duration.ofMillis(100)));
        handle.insert(Event.of(1));
        handle.insert(Event.of(2));
        await().until(() -> listener.retries.get() > 0);

        for (int i = 3; i < 50; i++) {
            assertThat(handle.tryInsert(Event.of(i))).isTrue();
        }
        assertThat(started.get(0).stats().acceptedRows()).isEqualTo(49);
    }

    @Test
    void closeThatTimesOutHandsEveryUnsentRowToTheHandler() {
        transport.failForever();
        BatcherHandle<Event> handle = start(config().maxRows(3).maxRetries(1000).queueCapacity(100)
                .shutdownTimeout(Duration.ofMillis(200)));
        for (int i = 0; i < 20; i++) {
            handle.insert(Event.of(i));
        }

        started.get(0).close();

        List<Long> handedOver = new ArrayList<>();
        for (FailedBatch batch : failed) {
            handedOver.addAll(TestRows.ids(batch.payload(), batch.payload().length));
            assertThat(batch.cause()).isInstanceOf(BatcherClosedException.class);
        }
        assertThat(handedOver).containsExactlyInAnyOrderElementsOf(range(0, 20));
        assertThat(started.get(0).stats().lostRows()).isZero();
    }

    @Test
    void concurrentProducersDeliverEveryRowExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        BatcherHandle<Event> handle = start(config().maxRows(10_000).queueCapacity(20_000));
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = t * 1_000_000L;
            producers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    handle.insert(Event.of(base + i));
                }
            }, runnable -> new Thread(runnable, "producer").start()));
        }
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        handle.flush().get(30, TimeUnit.SECONDS);

        List<Long> ids = transport.allIds();
        assertThat(ids).hasSize(threads * perThread);
        assertThat(new HashSet<>(ids)).hasSize(threads * perThread);
    }

    @Test
    void closeUnderLoadAccountsForEveryAcceptedRow() throws Exception {
        BatcherHandle<Event> handle = start(config().maxRows(500).queueCapacity(2_000));
        AtomicInteger accepted = new AtomicInteger();
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long base = t * 1_000_000L;
            producers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; ; i++) {
                        handle.insert(Event.of(base + i));
                        accepted.incrementAndGet();
                    }
                } catch (BatcherClosedException expected) {
                    // the batcher closed under us: that is the point
                }
            }, runnable -> new Thread(runnable, "producer").start()));
        }
        await().until(() -> accepted.get() > 20_000);

        started.get(0).close();
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        long handedOver = failed.stream().mapToLong(FailedBatch::rows).sum();
        assertThat(transport.rows() + handedOver).isEqualTo(accepted.get());
        assertThat(started.get(0).stats().acceptedRows()).isEqualTo(accepted.get());
    }

    @Test
    void aWorkerThatFailsHandsItsBatchOverCountsTheRowItCouldNotEncodeIsDownAndRestarts() throws Exception {
        BatcherHandle<Event> handle = start(config());
        Batcher<Event> batcher = started.get(0);
        handle.insert(Event.of(1));
        CompletableFuture<FlushStats> exploding = handle.submit(new Event(TestRows.EXPLODE, "boom"))
                .toCompletableFuture();

        await().until(() -> batcher.threadFault().isPresent());
        assertThat(batcher.threadFault().get()).contains("restarts in 1000 ms").contains("encoder exploded");
        assertThat(exploding).failsWithin(Duration.ofSeconds(10));
        handle.insert(Event.of(2)); // accepted while the worker is down: it waits in the queue

        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.threadFault().isEmpty());
        handle.flush().get(10, TimeUnit.SECONDS);
        assertThat(transport.allIds()).as("the restarted worker delivers").containsExactly(2L);
        assertThat(failed).as("the batch being filled, handed over").singleElement()
                .extracting(FailedBatch::rows).isEqualTo(1);
        BatcherStats stats = batcher.stats();
        assertThat(stats.lostRows()).as("the row that could not be encoded").isEqualTo(1);
        assertThat(stats.acceptedRows()).as("every accepted row counted")
                .isEqualTo(stats.flushedRows() + stats.failedRows() + stats.lostRows());
        assertThat(stats.running()).isTrue();
    }

    @Test
    void aWorkerThatKeepsFailingBacksOffLongerAndCloseDoesNotWaitForTheBackOff() throws Exception {
        BatcherHandle<Event> handle = start(config());
        Batcher<Event> batcher = started.get(0);
        handle.insert(new Event(TestRows.EXPLODE, "one"));
        await().until(() -> batcher.threadFault().isPresent());
        handle.insert(new Event(TestRows.EXPLODE, "two"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> batcher.threadFault().filter(f -> f.contains("restarts in 2000 ms")).isPresent());
        handle.insert(Event.of(3));

        long start = System.nanoTime();
        batcher.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(transport.allIds()).containsExactly(3L);
        assertThat(batcher.stats().lostRows()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerDoesNotStopIngestion() throws Exception {
        BatcherListener broken = new BatcherListener() {
            @Override
            public void rowsAccepted(TableRef table, int rows) {
                throw new IllegalStateException("metrics broke");
            }
        };
        Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING)
                .config(config().build()).listener(broken).build();
        started.add(batcher);
        BatcherHandle<Event> handle = batcher.start();
        handle.insert(Event.of(1));
        handle.flush().get(10, TimeUnit.SECONDS);

        assertThat(transport.allIds()).containsExactly(1L);
    }

    /** With the transport held, fills both batches and the queue until it stays full. */
    private void fillUntilQueueFull(BatcherHandle<Event> handle) {
        long id = 0;
        int capacity = started.get(0).config().queueCapacity();
        while (true) {
            while (handle.tryInsert(Event.of(id))) {
                id++;
            }
            try {
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                        .until(() -> handle.queuedRows() == capacity);
                listener.shed.set(0);
                return;
            } catch (org.awaitility.core.ConditionTimeoutException stillDraining) {
                // the worker took rows into a free batch meanwhile: fill again
            }
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** Counts what the batcher reports. */
    static final class CountingListener implements BatcherListener {
        final List<FlushTrigger> triggers = new CopyOnWriteArrayList<>();
        final List<FlushStats> flushed = new CopyOnWriteArrayList<>();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger shed = new AtomicInteger();
        final AtomicInteger timedOut = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final Set<String> seen = new HashSet<>();

        @Override
        public void rowsRejected(TableRef table, int rows) {
            rejected.addAndGet(rows);
        }

        @Override
        public void rowsShed(TableRef table, int rows) {
            shed.addAndGet(rows);
        }

        @Override
        public void rowsTimedOut(TableRef table, int rows) {
            timedOut.addAndGet(rows);
        }

        @Override
        public void flushSucceeded(TableRef table, FlushStats stats) {
            triggers.add(stats.trigger());
            flushed.add(stats);
        }

        @Override
        public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
            retries.incrementAndGet();
        }

        @Override
        public void rowsLost(TableRef table, int rows, Throwable cause) {
            lost.addAndGet(rows);
        }
    }
}
