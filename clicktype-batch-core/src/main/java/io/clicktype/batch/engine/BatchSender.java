package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.NamesAndTypesHeader;
import io.clicktype.batch.schema.BatchSchema;
import io.clicktype.batch.schema.SchemaChangeException;
import io.clicktype.batch.schema.SchemaFailure;
import io.clicktype.batch.schema.SchemaGuard;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sealed batches on {@code insertsInFlight} threads of its own (each runs {@link #run()}), retrying per
 * {@link RetryPolicy}; the worker meanwhile fills the next batch. Inserts start in seal order and may end in any
 * order; what follows their end (waiters, acknowledgements, the write-ahead log's position, the batch's return to the
 * pool) happens in seal order ({@link SealOrder}). A batch that cannot be written goes to the {@link BatchOutcome}
 * (the failed-batch handler, or the write-ahead log) — never dropped silently. Once {@link #abort()} is
 * called (close timed out) nothing more is sent: every batch still here goes straight to the outcome.
 * Either way the batch's flush futures and {@code submit} stages ({@link Acknowledgements}) complete here.
 */
final class BatchSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    private static final Batch END = new Batch(0);
    /** While the spill is full, retries wait at most the delay of this retry (about 1.6 s at the defaults). */
    private static final int SPILL_FULL_RETRY_STEP = 5;

    private final TableRef table;
    private final List<String> columns;
    private final ClickHouseTransport transport;
    private final RetryPolicy retryPolicy;
    private final BatchOutcome outcome;
    private final Acknowledgements acknowledgements;
    private final BatcherListener listener;
    private final BatchPool pool;
    private final ByteBudget budget;
    private final BlockingQueue<Batch> toSend = new LinkedBlockingQueue<>();
    /** Ends every retry wait: counted down by {@link #abort} and, with a write-ahead log, by {@link #closing}. */
    private final CountDownLatch stopRetrying = new CountDownLatch(1);
    /** How far the sender has been told to stop; it only ever moves on ({@link #stopAt}). */
    private volatile Stop stop = Stop.NONE;
    private final boolean deduplicate;
    private final Map<String, String> insertSettings;
    /** What the batches' bytes were encoded for, or {@code null} when unknown; checked before each attempt. */
    private final BatchSchema schema;
    private final SchemaGuard guard;
    private BatchSchema headerSchema;
    private byte[] header;
    private final Consumer<RuntimeException> onFailure;
    private final BatcherCounters state;
    /** Whether a batch not acknowledged stays (a write-ahead log) and is retried until it lands. */
    private final boolean retriesForever;
    /** The failed attempts' log lines: one WARN when inserts start failing, summaries, one line on recovery. */
    private final OutageLog outageLog;
    /** How many threads run this sender: each stops at one {@link #END}. */
    private final int senders;
    private final SealOrder order;

    BatchSender(TableRef table, List<String> columns, ClickHouseTransport transport, RetryPolicy retryPolicy,
            BatchOutcome outcome, Acknowledgements acknowledgements, BatcherListener listener, BatchPool pool,
            ByteBudget budget, boolean deduplicate, Map<String, String> insertSettings, List<String> columnTypes,
            Consumer<RuntimeException> onFailure, BatcherCounters state, boolean retriesForever) {
        this(table, columns, transport, retryPolicy, outcome, acknowledgements, listener, pool, budget, deduplicate,
                insertSettings, columnTypes, onFailure, state, retriesForever,
                new OutageLog(table, System::nanoTime, OutageLog.SUMMARY_EVERY));
    }

    /** As below, with the outage's log lines going to the sender's logger. */
    BatchSender(TableRef table, List<String> columns, ClickHouseTransport transport, RetryPolicy retryPolicy,
            BatchOutcome outcome, Acknowledgements acknowledgements, BatcherListener listener, BatchPool pool,
            ByteBudget budget, boolean deduplicate, Map<String, String> insertSettings, List<String> columnTypes,
            Consumer<RuntimeException> onFailure, BatcherCounters state, boolean retriesForever, OutageLog outageLog) {
        this(table, columns, transport, retryPolicy, outcome, acknowledgements, listener, pool, budget, deduplicate,
                insertSettings, columnTypes, onFailure, state, retriesForever, outageLog, 1);
    }

    /**
     * With the outage's log lines going through {@code outageLog} (a test's clock), and {@code senders} threads to
     * run it (at most {@code pool}'s size less one: one batch is always the worker's).
     */
    BatchSender(TableRef table, List<String> columns, ClickHouseTransport transport, RetryPolicy retryPolicy,
            BatchOutcome outcome, Acknowledgements acknowledgements, BatcherListener listener, BatchPool pool,
            ByteBudget budget, boolean deduplicate, Map<String, String> insertSettings, List<String> columnTypes,
            Consumer<RuntimeException> onFailure, BatcherCounters state, boolean retriesForever,
            OutageLog outageLog, int senders) {
        if (senders < 1 || senders >= pool.size()) {
            throw new IllegalArgumentException("senders " + senders + " for a pool of " + pool.size() + " batches");
        }
        this.senders = senders;
        this.order = new SealOrder(pool.size(), this::resolve);
        this.outageLog = outageLog;
        this.state = state;
        this.retriesForever = retriesForever;
        this.deduplicate = deduplicate;
        this.insertSettings = Map.copyOf(insertSettings);
        this.schema = BatchSchema.ofNullable(columns, columnTypes);
        this.guard = new SchemaGuard(table, transport);
        this.onFailure = onFailure;
        this.table = table;
        this.columns = columns;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.outcome = outcome;
        this.acknowledgements = acknowledgements;
        this.listener = listener;
        this.pool = pool;
        this.budget = budget;
    }

    /** Tells the batcher why a batch failed for good (it may look at the table again); never lets that stop the sender. */
    private void failedForGood(RuntimeException cause) {
        if (onFailure == null) {
            return;
        }
        try {
            onFailure.accept(cause);
        } catch (RuntimeException e) {
            LOG.warn("Could not check {} again after a schema failure: {}", table, e.toString());
        }
    }

    /**
     * Whether the table's columns changed since the last check, or no longer are those the batch was sent as
     * ({@code sent}: another insert of this table may have read them already); a failure to read them counts as no.
     */
    private boolean tableChanged(BatchSchema sent) {
        try {
            return guard.tableChanged(sent);
        } catch (RuntimeException e) {
            LOG.debug("Could not read {} again after a refused batch: {}", table, e.toString());
            return false;
        }
    }

    /** The format header naming {@code sent}'s columns and types, built once per schema. */
    private synchronized byte[] header(BatchSchema sent) {
        if (sent == null) {
            return null;
        }
        if (!sent.equals(headerSchema)) {
            header = NamesAndTypesHeader.encode(sent.columns(), sent.types());
            headerSchema = sent;
        }
        return header;
    }

    /** Queues a sealed batch; called by the worker, once per batch. */
    void submit(Batch batch) {
        order.sealed(batch);
        toSend.add(batch);
    }

    /** Lets the sender's threads finish once every submitted batch is done. */
    void finish() {
        for (int i = 0; i < senders; i++) {
            toSend.add(END);
        }
    }

    /** Stops sending: batches not yet acknowledged go to the outcome as not sent. */
    void abort() {
        stopAt(Stop.ABORTING);
        stopRetrying.countDown();
    }

    /**
     * The batcher is closing. With a write-ahead log ({@code retriesForever}) a batch that fails from now on, and every
     * batch after it, stays in the log for the next start instead of being retried until {@code shutdownTimeout}:
     * nothing is lost by stopping, and an outage would otherwise hold the shutdown for the whole timeout (past a
     * container's grace period). Batches that can still be written are written. Without a log, nothing changes: the
     * sender retries until the timeout and then hands the batch over.
     */
    void closing() {
        if (retriesForever) {
            stopAt(Stop.CLOSING_WITH_LOG);
            stopRetrying.countDown();
        }
    }

    /**
     * How far a sender has been told to stop, in the order the states can follow each other: a later state includes
     * what an earlier one means, so the sender's checks compare ({@link Stop#atLeast}).
     */
    private enum Stop {
        /** Sending and retrying as configured. */
        NONE,
        /**
         * Closing with a write-ahead log: a batch that fails now is left in the log for the next start instead of
         * being retried (its rows are safe there; retrying would only hold the shutdown up to {@code shutdownTimeout},
         * e.g. through a whole outage).
         */
        CLOSING_WITH_LOG,
        /** A batch was left in the log at close: the batches after it are left there untried. */
        LEFT_IN_LOG,
        /** {@code shutdownTimeout} elapsed: nothing more is tried; what is not acknowledged is handed over. */
        ABORTING;

        boolean atLeast(Stop other) {
            return compareTo(other) >= 0;
        }
    }

    /** Moves the stop state on to {@code next} unless it is already there or further. */
    private synchronized void stopAt(Stop next) {
        if (!stop.atLeast(next)) {
            stop = next;
        }
    }

    private boolean aborting() {
        return stop == Stop.ABORTING;
    }

    /** Closing with a write-ahead log, not aborting: a failing batch is left in the log. */
    private boolean leavingInLog() {
        Stop now = stop;
        return now == Stop.CLOSING_WITH_LOG || now == Stop.LEFT_IN_LOG;
    }

    @Override
    public void run() {
        while (true) {
            Batch batch;
            try {
                batch = toSend.take();
            } catch (InterruptedException e) {
                if (aborting()) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == END) {
                return;
            }
            try {
                deliver(batch);
            } catch (Throwable unexpected) {
                // past deliver's own handling (the release, a log line): the batch is done with, the sender goes on
                failed(unexpected);
            }
        }
    }

    /**
     * Sends (or, when the worker failed while filling it, hands over) one batch, then marks it done: in its turn it is
     * resolved and returned to the pool ({@link #resolve}).
     */
    private void deliver(Batch batch) {
        try {
            if (batch.failure != null) {
                handOver(batch, 0, System.nanoTime(), batch.failure);
                return;
            }
            while (true) {
                try {
                    send(batch);
                    return;
                } catch (Throwable unexpected) {
                    if (!retriesForever || aborting()) {
                        sendFailed(batch, unexpected);
                        return;
                    }
                    // the batch stays in the write-ahead log: never set aside for a failure that is not ClickHouse's
                    // answer; retried after the back-off, like a failed insert, until it lands or the batcher closes
                    failed(unexpected);
                    if (retryWaitStopped(retryPolicy.delay(1))) {
                        handOver(batch, 0, System.nanoTime(), aborting() ? closedCause() : leftInLogCause(unexpected));
                        return;
                    }
                }
            }
        } finally {
            order.done(batch);
        }
    }

    /**
     * Ends a batch, in seal order: the outcome's step that must follow the order (a write-ahead log's position), its
     * flush futures and {@code submit} stages, and its return to the pool.
     */
    private void resolve(Batch batch) {
        try {
            if (batch.result == null && batch.cause == null) {
                batch.cause = new IllegalStateException("the sender of " + table + " ended a batch without an outcome");
            }
            outcome.resolved(batch);
            if (batch.result != null) {
                for (CompletableFuture<FlushStats> waiter : batch.waiters) {
                    waiter.complete(batch.result);
                }
                if (batch.end >= 0) {
                    acknowledgements.acknowledged(batch.start, batch.end, batch.result);
                }
            } else {
                for (CompletableFuture<FlushStats> waiter : batch.waiters) {
                    waiter.completeExceptionally(batch.cause);
                }
                if (batch.end >= 0) {
                    acknowledgements.failed(batch.start, batch.end, batch.cause);
                }
            }
        } finally {
            pool.release(batch);
        }
    }

    /** Reports a failure the sender did not expect: the table is DOWN until a batch is acknowledged again. */
    private void failed(Throwable unexpected) {
        try {
            state.senderFailed("sender failed unexpectedly: " + unexpected);
            LOG.error("The sender of {} failed unexpectedly; it goes on with the next attempt", table, unexpected);
        } catch (Throwable ignored) {
            // nothing left to tell; the sender must survive to send the next batch
        }
    }

    private void send(Batch batch) {
        if (batch.isEmpty()) {
            batch.result = FlushStats.empty(batch.trigger); // its waiters complete in its turn (resolve)
            return;
        }
        long start = System.nanoTime();
        Duration age = Duration.ofNanos(start - batch.firstRowNanos);
        if (deduplicate && batch.deduplicationToken == null) {
            // One token per batch (a write-ahead-logged batch comes with one derived from its log position), kept
            // across retries (and in a spill file), so a retry of a batch that did land is dropped by the server.
            batch.deduplicationToken = UUID.randomUUID().toString();
        }
        listener.flushStarted(table, batch.trigger, batch.rows, batch.buffer.size(), batch.deduplicationToken);
        int attempt = 0;
        int rereads = 0;
        RuntimeException refusal = null;
        BatchSchema sentAs = null;
        while (true) {
            if (stop.atLeast(Stop.LEFT_IN_LOG)) {
                handOver(batch, attempt, start, aborting() ? closedCause() : new BatcherClosedException("batcher for "
                        + table + " closed after an earlier batch failed; this one was not tried"));
                return;
            }
            attempt++;
            try {
                // the table as it is now: the batch as it is, converted to widened types, or refused (SchemaGuard)
                SchemaGuard.Prepared prepared = guard.prepare(batch.schema != null ? batch.schema : schema,
                        batch.format, batch.buffer.array(), batch.buffer.size(), batch.rows, refusal);
                sentAs = prepared.schema();
                // a Native block names and types its columns itself: no RowBinaryWithNamesAndTypes header
                boolean rowBinary = batch.format == BatchFormat.ROW_BINARY;
                transport.insert(new InsertRequest(table, prepared.schema() != null ? prepared.schema().columns()
                        : columns, prepared.payload(), prepared.length(), batch.rows, insertSettings,
                        rowBinary ? header(prepared.schema()) : null, batch.deduplicationToken, batch.format));
                FlushStats stats = new FlushStats(batch.rows, batch.buffer.size(),
                        Duration.ofNanos(System.nanoTime() - start), age, batch.trigger, attempt);
                listener.flushSucceeded(table, stats);
                LOG.debug("Flushed {} rows ({} bytes) into {} in {} after {} attempt(s), trigger {}", stats.rows(),
                        stats.bytes(), table, stats.duration(), attempt, stats.trigger());
                outageLog.delivered();
                batch.result = stats; // its waiters complete in its turn (resolve)
                return;
            } catch (RuntimeException e) {
                if (!aborting() && rereads < 2 && !(e instanceof SchemaChangeException) && SchemaFailure.is(e)
                        && tableChanged(sentAs)) {
                    // refused for types the table no longer has: prepared again at once for the table as it is now
                    rereads++;
                    refusal = e;
                    continue;
                }
                boolean fixable = !aborting() && outcome.offHeap() && retryPolicy.shouldRetry(1, e);
                if (fixable && (budget.underPressure() || !retryPolicy.shouldRetry(attempt, e))) {
                    // to the spill now (it replays later) instead of holding the heap producers need, or when out of
                    // retries; but only if it has room: rows dropped from a full spill would be lost, so the batch
                    // then stays here and is retried, and the memory budget holds the producers back meanwhile
                    Thread.interrupted();
                    if (outcome.notSentIfRoom(batch, attempt, Duration.ofNanos(System.nanoTime() - start), e)) {
                        outageLog.spilled(batch.rows, attempt, budget.underPressure(), e);
                        batch.cause = e; // its waiters fail in its turn (resolve)
                        return;
                    }
                    Duration delay = retryPolicy.delay(Math.min(attempt, SPILL_FULL_RETRY_STEP));
                    listener.retryScheduled(table, attempt, delay, e);
                    outageLog.spillFull(batch.rows, attempt, delay, e);
                    if (retryWaitStopped(delay)) {
                        handOver(batch, attempt, start, closedCause());
                        return;
                    }
                    continue;
                }
                if (leavingInLog() && retryPolicy.shouldRetry(1, e)) {
                    // closing with a write-ahead log: the rows wait in the log for the next start
                    stopAt(Stop.LEFT_IN_LOG);
                    handOver(batch, attempt, start, leftInLogCause(e));
                    return;
                }
                boolean abortingNow = aborting();
                if (abortingNow || !retryPolicy.shouldRetry(attempt, e)) {
                    if (!abortingNow) {
                        failedForGood(e);
                        if (retryPolicy.shouldRetry(1, e)) {
                            outageLog.givenUp(batch.rows, attempt, e); // retryable, but out of retries
                        }
                    }
                    handOver(batch, attempt, start, abortingNow ? closedCause() : e);
                    return;
                }
                Duration delay = retryPolicy.delay(attempt);
                listener.retryScheduled(table, attempt, delay, e);
                outageLog.retrying(batch.rows, attempt, delay, e);
                if (retryWaitStopped(delay)) {
                    handOver(batch, attempt, start, aborting() ? closedCause() : leftInLogCause(e));
                    return;
                }
            }
        }
    }

    /**
     * Something the sender does not expect (an {@code OutOfMemoryError}, a bug) broke off a batch: the batch is
     * handed over like any failed one, or counted as lost if even that fails, and the sender goes on with the next
     * batch: one bad moment never leaves a table with a dead sender and a queue that never drains.
     */
    private void sendFailed(Batch batch, Throwable unexpected) {
        state.senderFailed("sender failed unexpectedly: " + unexpected);
        LOG.error("The sender of {} failed unexpectedly on a batch of {} rows; handing it over and going on",
                table, batch.rows, unexpected);
        try {
            handOver(batch, 0, System.nanoTime(), unexpected);
        } catch (Throwable handOverFailure) {
            batch.cause = unexpected;
            try {
                listener.rowsLost(table, batch.rows, unexpected);
                LOG.error("LOST {} rows for {}: their batch could not be handed over after the sender failed: {}",
                        batch.rows, table, handOverFailure.toString());
            } catch (Throwable ignored) {
                // nothing left to tell; the sender must survive to send the next batch
            }
        }
    }

    /**
     * Waits out a retry delay; returns early, {@code true}, when the batch must not be retried: the batcher is
     * aborting or, with a write-ahead log, closing ({@link #closing}).
     */
    private boolean retryWaitStopped(Duration delay) {
        try {
            stopRetrying.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // an interrupt only cuts a hanging insert short at abort
        }
        if (stop == Stop.CLOSING_WITH_LOG) {
            stopAt(Stop.LEFT_IN_LOG);
        }
        return stop.atLeast(Stop.CLOSING_WITH_LOG);
    }

    private void handOver(Batch batch, int attempts, long start, Throwable cause) {
        // An interrupt only served to cut a hanging insert short (close timed out); it must not break the
        // outcome's own I/O, e.g. the spill file write.
        Thread.interrupted();
        if (!batch.isEmpty()) {
            outcome.notSent(batch, attempts, Duration.ofNanos(System.nanoTime() - start), cause, stop.atLeast(Stop.LEFT_IN_LOG));
        }
        batch.cause = cause; // its waiters fail in its turn (resolve)
    }

    private BatcherClosedException leftInLogCause(Throwable failure) {
        return new BatcherClosedException("batcher for " + table + " closed while this batch failed (" + failure
                + ")");
    }

    private BatcherClosedException closedCause() {
        return new BatcherClosedException("batcher for " + table + " closed before this batch could be written "
                + "(shutdownTimeout elapsed)");
    }
}
