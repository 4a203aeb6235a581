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
        public void resolved(Batch batch) {
            if (batch.result != null) {
                acknowledgedRows.add(batch.rows);
            }
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
    private final BatchPool pool = new BatchPool(2, 64, 1 << 20, budget);
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private Thread thread;
    private BatchSender sender;

    private final BatcherCounters state = new BatcherCounters();

    private BatchSender start(RecordingOutcome outcome, int maxRetries) {
        return start(outcome, maxRetries, false);
    }

    private BatchSender start(RecordingOutcome outcome, int maxRetries, boolean retriesForever) {
        sender = new BatchSender(TABLE, List.of("id"), transport, new RetryPolicy(maxRetries, Duration.ofMillis(1),
                Duration.ofMillis(2)), outcome, acknowledgements, state, pool, budget, false, Map.of(),
                null, null, state, retriesForever);
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
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == pool.size());
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

        assertThat(state.threadFault()).as("the table is down").contains("Java heap space");

        transport.onInsert = request -> { };
        CompletableFuture<FlushStats> second = acknowledgements.add(5).toCompletableFuture();
        sender.submit(batch(2, 5, 3));
        assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS).rows()).as("the sender survived").isEqualTo(3);
        assertThat(state.threadFault()).as("up again once a batch is acknowledged").isNull();
    }

    @Test
    void withAWriteAheadLogAnErrorWhileSendingRetriesTheBatchInsteadOfSettingItAside() throws Exception {
        RecordingOutcome outcome = new RecordingOutcome(false);
        start(outcome, Integer.MAX_VALUE, true);
        AtomicInteger errors = new AtomicInteger(2);
        transport.onInsert = request -> {
            if (errors.getAndDecrement() > 0) {
                throw new OutOfMemoryError("simulated: Java heap space");
            }
        };
        CompletableFuture<FlushStats> stage = acknowledgements.add(2).toCompletableFuture();

        sender.submit(batch(0, 2, 2));

        assertThat(stage.get(10, java.util.concurrent.TimeUnit.SECONDS).rows()).isEqualTo(2);
        assertThat(transport.attempts).hasValue(3);
        assertThat(outcome.notSent).as("nothing set aside: the log keeps the batch until it lands").isEmpty();
        assertThat(outcome.acknowledgedRows).containsExactly(2);
        assertThat(state.threadFault()).isNull();
    }

    @Test
    void aBatchTheWorkerFailedOnIsHandedOverWithItsCauseNotSent() throws Exception {
        RecordingOutcome outcome = new RecordingOutcome(false);
        start(outcome, 0);
        CompletableFuture<FlushStats> stage = acknowledgements.add(2).toCompletableFuture();
        Batch batch = batch(0, 2, 2);
        IllegalStateException cause = new IllegalStateException("worker failed");
        batch.failure = cause;

        sender.submit(batch);

        await().atMost(Duration.ofSeconds(10)).until(stage::isDone);
        assertThat(stage).isCompletedExceptionally();
        assertThat(outcome.notSent).containsExactly(cause);
        assertThat(transport.attempts).hasValue(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.available() == pool.size());
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

    /**
     * A 20 s outage (on a test clock that each failed attempt moves on by 250 ms) with 80 failed attempts and
     * batches handed to the spill logs one WARN when inserts start failing, a summary per 5 s at most, and one INFO
     * line when they land again, with how long and how many rows went to the spill; it used to be a WARN per attempt.
     */
    @Test
    void anOutageLogsABoundedNumberOfWarningsAndOneLineOnRecovery() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger failuresLeft = new AtomicInteger(80);
        transport.onInsert = request -> {
            if (failuresLeft.getAndDecrement() > 0) {
                clock.addAndGet(Duration.ofMillis(250).toNanos());
                throw new TransportException("insert into events: Connection refused [retryable: inserts are "
                        + "retried]. To fix: start ClickHouse, or correct the connection's url", true, 0, 0, null);
            }
        };
        RecordingOutcome outcome = new RecordingOutcome(true);
        List<ch.qos.logback.classic.spi.ILoggingEvent> logged = sendLogged(outcome,
                new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(2)),
                new OutageLog(TABLE, clock::get, Duration.ofSeconds(5)), 20);

        assertThat(transport.attempts.get()).isGreaterThan(80);
        assertThat(outcome.notSent).as("batches out of retries went to the spill").isNotEmpty();
        List<String> warnings = logged.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).as("first failure + at most one summary per 5 s of a 20 s outage").hasSizeBetween(2, 5);
        assertThat(warnings.get(0)).startsWith("Insert into events failed (attempt 1; the batch of 10 rows is retried "
                + "in ").contains("ms): insert into events: Connection refused")
                .contains("To fix: start ClickHouse").contains("further attempts are logged at DEBUG");
        assertThat(warnings.subList(1, warnings.size())).allSatisfy(w -> assertThat(w)
                .startsWith("Inserts into events still failing after ").contains("failed attempt(s)"));
        List<String> recovered = logged.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        int spilledRows = outcome.notSent.size() * 10;
        // the outage is timed from its first failed attempt, at 0.25 s, to the insert that landed, at 20 s
        assertThat(recovered).containsExactly("Inserts into events succeed again after 19.8 s of failures: 80 failed "
                + "attempt(s), " + spilledRows + " row(s) in " + outcome.notSent.size() + " batch(es) handed to the "
                + "disk spill during the outage (replayed in the background; the replay logs them and counts them in "
                + "SpillStats.replayedRows, the metric clicktype.batch.spill.rows{outcome=replayed} under Micrometer)");
    }

    /**
     * Rows that ran out of retries during an outage (no spill: they went to the failed-batch handler, or were lost)
     * are named where the outage ends, at WARN: a recovery line saying only "0 rows handed to the disk spill" hid
     * them (a fresh-user trial lost 3 000 rows of the plain-Java quick start so).
     */
    @Test
    void theRecoveryLineNamesRowsThatRanOutOfRetries() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(6);
        transport.onInsert = request -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new TransportException("insert into events: Connection refused [retryable: inserts are "
                        + "retried]. To fix: start ClickHouse.", true, 0, 0, null);
            }
        };
        RecordingOutcome outcome = new RecordingOutcome(false);
        List<ch.qos.logback.classic.spi.ILoggingEvent> logged = sendLogged(outcome,
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)),
                new OutageLog(TABLE, System::nanoTime, Duration.ofSeconds(30)), 3);

        assertThat(outcome.notSent).as("two batches ran out of their 3 attempts").hasSize(2);
        List<String> warnings = logged.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings.get(0)).as("one full stop between the cause and what follows")
                .contains("start ClickHouse. While inserts keep failing");
        assertThat(warnings.get(warnings.size() - 1)).startsWith("Inserts into events succeed again after ")
                .contains("20 row(s) ran out of retries during it").contains("LOST where none is configured");
    }

    /**
     * Starts a sender with {@code outcome}, {@code retries} and {@code outageLog}, sends {@code batches} batches of
     * 10 rows and waits until each is acknowledged or handed over; returns what {@link BatchSender} logged meanwhile.
     */
    private List<ch.qos.logback.classic.spi.ILoggingEvent> sendLogged(RecordingOutcome outcome, RetryPolicy retries,
            OutageLog outageLog, int batches) throws InterruptedException {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                BatchSender.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            sender = new BatchSender(TABLE, List.of("id"), transport, retries, outcome, acknowledgements, state, pool,
                    budget, false, Map.of(), null, null, state, false, outageLog);
            thread = new Thread(sender, "sender-under-test");
            thread.start();
            for (int i = 0; i < batches; i++) {
                sender.submit(batch(-1, -1, 10));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> outcome.acknowledgedRows.size() + outcome.notSent.size() == batches);
        } finally {
            log.detachAppender(lines);
        }
        return lines.list;
    }
}
