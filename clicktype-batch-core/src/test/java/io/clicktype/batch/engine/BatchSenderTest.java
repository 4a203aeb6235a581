package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSenderTest {

    private static final TableRef TABLE = TableRef.of("events");

    /** A transport whose inserts do what the test says, counting attempts. */
    private static final class ScriptedTransport implements ClickHouseTransport {
        final AtomicInteger attempts = new AtomicInteger();
        volatile Consumer<InsertRequest> onInsert = request -> { };

        @Override
        public void insert(InsertRequest request) {
            attempts.incrementAndGet();
            onInsert.accept(request);
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

    /** An outcome that records what it was given. */
    private static final class RecordingOutcome implements BatchOutcome {
        final List<Integer> acknowledgedRows = new CopyOnWriteArrayList<>();
        final List<Throwable> notSent = new CopyOnWriteArrayList<>();
        final boolean offHeap;

        RecordingOutcome(boolean offHeap) {
            this.offHeap = offHeap;
        }

        @Override
        public void acknowledged(Batch batch, FlushStats stats) {
            acknowledgedRows.add(batch.rows);
        }

        @Override
        public void notSent(Batch batch, int attempts, Duration took, Throwable cause, boolean closing) {
            notSent.add(cause);
        }

        @Override
        public boolean offHeap() {
            return offHeap;
        }
    }

    private final ScriptedTransport transport = new ScriptedTransport();
    private final ByteBudget budget = new ByteBudget(1 << 20);
    private final BatchPool pool = new BatchPool(64, 1 << 20, budget);
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private Thread thread;
    private BatchSender sender;

    private BatchSender start(RecordingOutcome outcome, int maxRetries) {
        sender = new BatchSender(TABLE, List.of("id"), transport, new RetryPolicy(maxRetries, Duration.ofMillis(1),
                Duration.ofMillis(2)), outcome, acknowledgements, BatcherListener.NOOP, pool, budget, false, Map.of(),
                null, io.clicktype.batch.BatchFormat.ROW_BINARY, null);
        thread = new Thread(sender, "sender-under-test");
        thread.start();
        return sender;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (sender != null) {
            sender.finish();
            thread.join(10_000);
        }
    }

    private Batch batch(long start, long end, int rows) throws InterruptedException {
        Batch batch = pool.take();
        batch.buffer.writeZeros(rows * 8);
        batch.rows = rows;
        batch.start = start;
        batch.end = end;
        batch.trigger = FlushTrigger.MAX_ROWS;
        batch.firstRowNanos = System.nanoTime();
        return batch;
    }

    @Test
    void anAcknowledgedBatchCompletesItsWaitersAndStagesAndGoesBackToThePool() throws Exception {
        RecordingOutcome outcome = new RecordingOutcome(false);
        start(outcome, 0);
        CompletableFuture<FlushStats> stage = acknowledgements.add(3).toCompletableFuture();
        Batch batch = batch(0, 3, 3);
        CompletableFuture<FlushStats> flush = new CompletableFuture<>();
        batch.waiters.add(flush);

        sender.submit(batch);

        assertThat(flush.get(10, java.util.concurrent.TimeUnit.SECONDS).rows()).isEqualTo(3);
        assertThat(stage.get(10, java.util.concurrent.TimeUnit.SECONDS).rows()).isEqualTo(3);
        assertThat(outcome.acknowledgedRows).containsExactly(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == BatchPool.SIZE);
    }

    @Test
    void anErrorWhileSendingHandsTheBatchOverAndTheSenderGoesOnWithTheNext() throws Exception {
        RecordingOutcome outcome = new RecordingOutcome(false);
        start(outcome, 0);
        transport.onInsert = request -> {
            throw new OutOfMemoryError("simulated: Java heap space");
        };
        CompletableFuture<FlushStats> first = acknowledgements.add(2).toCompletableFuture();
        sender.submit(batch(0, 2, 2));
        await().atMost(Duration.ofSeconds(10)).until(first::isDone);
        assertThat(first).isCompletedExceptionally();
        assertThat(outcome.notSent).hasSize(1).first().isInstanceOf(OutOfMemoryError.class);

        transport.onInsert = request -> { };
        CompletableFuture<FlushStats> second = acknowledgements.add(5).toCompletableFuture();
        sender.submit(batch(2, 5, 3));
        assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS).rows()).as("the sender survived").isEqualTo(3);
    }

    @Test
    void underBudgetPressureAFailedBatchGoesToAnOffHeapOutcomeAtOnceInsteadOfWaitingOutItsRetries()
            throws Exception {
        RecordingOutcome outcome = new RecordingOutcome(true);
        start(outcome, 1_000);
        transport.onInsert = request -> {
            throw new TransportException("server away", true, 0, 0, null);
        };
        budget.force(budget.max());

        sender.submit(batch(0, 1, 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> outcome.notSent.size() == 1);
        assertThat(transport.attempts).as("one attempt, not a thousand retries").hasValue(1);
    }
}
