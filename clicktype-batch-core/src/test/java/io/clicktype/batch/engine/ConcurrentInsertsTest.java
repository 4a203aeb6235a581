package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two inserts of one table in flight ({@code insertsInFlight} 2): the second batch's insert ends first, while the
 * first one's is held, yet everything that follows a batch's end happens in seal order.
 */
class ConcurrentInsertsTest {

    private static final TableRef TABLE = TableRef.of("events");
    private static final int IN_FLIGHT = 2;

    /** Holds the insert of a 1-row batch until released; a 2-row batch's insert ends at once (or fails, if told). */
    private static final class HeldTransport implements ClickHouseTransport {
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final CountDownLatch secondEnded = new CountDownLatch(1);
        volatile RuntimeException firstFails;
        volatile RuntimeException secondFails;

        @Override
        public void insert(InsertRequest request) {
            if (request.rows() == 1) {
                firstStarted.countDown();
                try {
                    releaseFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (firstFails != null) {
                    throw firstFails;
                }
                return;
            }
            secondEnded.countDown();
            if (secondFails != null) {
                throw secondFails;
            }
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerInfo serverInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    /** Records, in order, the batches resolved: "1 ok" or "2 failed". */
    private static final class OrderOutcome implements BatchOutcome {
        final List<String> resolved = new CopyOnWriteArrayList<>();
        final List<Integer> notSentRows = new CopyOnWriteArrayList<>();

        @Override
        public void resolved(Batch batch) {
            resolved.add(batch.rows + (batch.result != null ? " ok" : " failed"));
        }

        @Override
        public void notSent(Batch batch, int attempts, Duration took, Throwable cause, boolean closing) {
            notSentRows.add(batch.rows);
        }
    }

    private final HeldTransport transport = new HeldTransport();
    private final OrderOutcome outcome = new OrderOutcome();
    private final ByteBudget budget = new ByteBudget(1 << 20);
    private final BatchPool pool = new BatchPool(IN_FLIGHT + 1, 64, 1 << 20, budget);
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private final BatcherCounters state = new BatcherCounters();
    private final List<Thread> threads = new ArrayList<>();
    private BatchSender sender;

    private void start() {
        sender = new BatchSender(TABLE, List.of("id"), transport, new RetryPolicy(0, Duration.ofMillis(1),
                Duration.ofMillis(2)), outcome, acknowledgements, state, pool, budget, false, Map.of(), null, null,
                state, false, new OutageLog(TABLE, System::nanoTime, OutageLog.SUMMARY_EVERY), IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            Thread thread = new Thread(sender, "sender-under-test-" + i);
            thread.start();
            threads.add(thread);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        transport.releaseFirst.countDown();
        if (sender != null) {
            sender.finish();
            for (Thread thread : threads) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as(thread.getName()).isFalse();
            }
        }
    }

    /** A batch of {@code rows} rows covering the intake positions {@code (start, end]}, with a flush waiter. */
    private Batch batch(int rows, long start, long end, List<String> completions) throws InterruptedException {
        Batch batch = pool.take();
        batch.buffer.writeZeros(rows * 8);
        batch.rows = rows;
        batch.start = start;
        batch.end = end;
        batch.trigger = FlushTrigger.MAX_ROWS;
        batch.firstRowNanos = System.nanoTime();
        CompletableFuture<FlushStats> flush = new CompletableFuture<>();
        flush.whenComplete((stats, failure) -> completions.add(rows + (failure == null ? " ok" : " failed")));
        batch.waiters.add(flush);
        return batch;
    }

    @Test
    void aLaterBatchThatLandsFirstIsResolvedAfterTheEarlierOne() throws Exception {
        start();
        List<String> completions = new CopyOnWriteArrayList<>();
        CompletableFuture<FlushStats> firstStage = acknowledgements.add(1).toCompletableFuture();
        acknowledgements.closeOpen(); // as the worker does between its reads: the next submit gets a stage of its own
        CompletableFuture<FlushStats> secondStage = acknowledgements.add(3).toCompletableFuture();
        sender.submit(batch(1, 0, 1, completions));
        assertThat(transport.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        sender.submit(batch(2, 1, 3, completions));

        // the second insert ended while the first is held: nothing of it is resolved before the first
        assertThat(transport.secondEnded.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> state.flushes.get() == 1);
        assertThat(completions).isEmpty();
        assertThat(outcome.resolved).isEmpty();
        assertThat(secondStage).isNotDone();
        assertThat(pool.available()).isEqualTo(1); // both sent batches are still held

        transport.releaseFirst.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> outcome.resolved.size() == 2);
        assertThat(outcome.resolved).containsExactly("1 ok", "2 ok");
        assertThat(completions).containsExactly("1 ok", "2 ok");
        assertThat(firstStage.get(10, TimeUnit.SECONDS).rows()).isEqualTo(1);
        assertThat(secondStage.get(10, TimeUnit.SECONDS).rows()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == pool.size());
    }

    @Test
    void aFailedEarlierBatchFailsInItsTurnAndTheLaterOneStillCompletes() throws Exception {
        transport.firstFails = new TransportException("Code: 241. Memory limit (test)", false, 241, 500, null);
        start();
        List<String> completions = new CopyOnWriteArrayList<>();
        sender.submit(batch(1, 0, 1, completions));
        assertThat(transport.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        sender.submit(batch(2, 1, 3, completions));
        assertThat(transport.secondEnded.await(10, TimeUnit.SECONDS)).isTrue();

        transport.releaseFirst.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> outcome.resolved.size() == 2);
        assertThat(outcome.notSentRows).containsExactly(1);
        assertThat(outcome.resolved).containsExactly("1 failed", "2 ok");
        assertThat(completions).containsExactly("1 failed", "2 ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == pool.size());
    }

    @Test
    void aSenderThreadForEachInsertInFlightStopsAtFinish() throws Exception {
        start();
        List<String> completions = new CopyOnWriteArrayList<>();
        transport.releaseFirst.countDown();
        sender.submit(batch(1, 0, 1, completions));
        sender.submit(batch(2, 1, 3, completions));
        sender.finish();
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }
        sender = null;
        assertThat(completions).containsExactly("1 ok", "2 ok");
    }
}
