package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FailedBatch;
import io.clicktype.batch.FailedBatchHandler;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.NamesAndTypesHeader;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sealed batches, in order, on its own thread, retrying per {@link RetryPolicy}; the worker
 * meanwhile fills the next batch. A batch that cannot be written goes to the
 * {@link FailedBatchHandler} — never dropped silently. Once {@link #abort()} is called (close timed
 * out) nothing more is sent: every batch still here goes straight to the handler.
 */
final class BatchSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    private static final Batch END = new Batch(0);

    private final TableRef table;
    private final List<String> columns;
    private final ClickHouseTransport transport;
    private final RetryPolicy retryPolicy;
    private final FailedBatchHandler failedBatchHandler;
    private final BatcherListener listener;
    private final BatcherCounters state;
    private final BatchPool pool;
    private final BlockingQueue<Batch> toSend = new LinkedBlockingQueue<>();
    private final CountDownLatch abortSignal = new CountDownLatch(1);
    private volatile boolean aborting;
    private final boolean deduplicate;
    private final Map<String, String> insertSettings;
    private final List<String> columnTypes;
    private final byte[] namesAndTypes;
    private final java.util.function.Consumer<RuntimeException> onSchemaFailure;
    /** Set in a write-ahead-logged batcher: the log replaces the failed-batch handler. */
    private WalDelivery walDelivery;

    BatchSender(TableRef table, List<String> columns, ClickHouseTransport transport, RetryPolicy retryPolicy,
            FailedBatchHandler failedBatchHandler, BatcherListener listener, BatcherCounters state, BatchPool pool,
            boolean deduplicate, Map<String, String> insertSettings, List<String> columnTypes,
            java.util.function.Consumer<RuntimeException> onSchemaFailure) {
        this.deduplicate = deduplicate;
        this.insertSettings = Map.copyOf(insertSettings);
        this.columnTypes = columnTypes;
        // Built once per row type: every batch of this sender carries the same header.
        this.namesAndTypes = columnTypes == null ? null : NamesAndTypesHeader.encode(columns, columnTypes);
        this.onSchemaFailure = onSchemaFailure;
        this.table = table;
        this.columns = columns;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.failedBatchHandler = failedBatchHandler;
        this.listener = listener;
        this.state = state;
        this.pool = pool;
    }

    /** Makes this a write-ahead-logged sender: outcomes go to the log instead of the failed-batch handler. */
    void logTo(WalDelivery delivery) {
        this.walDelivery = delivery;
    }

    /** Lets the batcher look at the table again; never lets that stop the sender. */
    private void schemaFailed(RuntimeException cause) {
        if (onSchemaFailure == null) {
            return;
        }
        try {
            onSchemaFailure.accept(cause);
        } catch (RuntimeException e) {
            LOG.warn("Could not check {} again after a schema failure: {}", table, e.toString());
        }
    }

    /** Queues a sealed batch; called by the worker. */
    void submit(Batch batch) {
        toSend.add(batch);
    }

    /** Lets the sender finish once every submitted batch is done. */
    void finish() {
        toSend.add(END);
    }

    /** Stops sending: batches not yet acknowledged go to the failed-batch handler. */
    void abort() {
        aborting = true;
        abortSignal.countDown();
    }

    @Override
    public void run() {
        while (true) {
            Batch batch;
            try {
                batch = toSend.take();
            } catch (InterruptedException e) {
                if (aborting) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == END) {
                return;
            }
            try {
                send(batch);
            } finally {
                pool.release(batch);
            }
        }
    }

    private void send(Batch batch) {
        if (batch.isEmpty()) {
            complete(batch, FlushStats.empty(batch.trigger));
            return;
        }
        long start = System.nanoTime();
        Duration age = Duration.ofNanos(start - batch.firstRowNanos);
        if (deduplicate && batch.deduplicationToken == null) {
            // One token per batch (a write-ahead-logged batch comes with one derived from its log position), kept
            // across retries (and in a spill file), so a retry of a batch that did land is dropped by the server.
            batch.deduplicationToken = UUID.randomUUID().toString();
        }
        InsertRequest request = new InsertRequest(table, columns, batch.buffer.array(), batch.buffer.size(),
                batch.rows, insertSettings, namesAndTypes, batch.deduplicationToken);
        listener.flushStarted(table, batch.trigger, batch.rows, batch.buffer.size(), batch.deduplicationToken);
        int attempt = 0;
        while (true) {
            if (aborting) {
                handOver(batch, attempt, start, closedCause());
                return;
            }
            attempt++;
            try {
                transport.insert(request);
                FlushStats stats = new FlushStats(batch.rows, batch.buffer.size(),
                        Duration.ofNanos(System.nanoTime() - start), age, batch.trigger, attempt);
                listener.flushSucceeded(table, stats);
                LOG.debug("Flushed {} rows ({} bytes) into {} in {} after {} attempt(s), trigger {}", stats.rows(),
                        stats.bytes(), table, stats.duration(), attempt, stats.trigger());
                if (walDelivery != null) {
                    walDelivery.acknowledged(batch, stats);
                }
                complete(batch, stats);
                return;
            } catch (RuntimeException e) {
                if (aborting || !retryPolicy.shouldRetry(attempt, e)) {
                    if (!aborting && SchemaFailure.is(e)) {
                        schemaFailed(e);
                    }
                    handOver(batch, attempt, start, aborting ? closedCause() : e);
                    return;
                }
                Duration delay = retryPolicy.delay(attempt);
                listener.retryScheduled(table, attempt, delay, e);
                LOG.warn("Insert of {} rows into {} failed (attempt {}), retrying in {} ms: {}", batch.rows, table,
                        attempt, delay.toMillis(), e.getMessage());
                if (awaitAbort(delay)) {
                    handOver(batch, attempt, start, closedCause());
                    return;
                }
            }
        }
    }

    /** Waits out a retry delay; returns early, {@code true}, when the batcher is aborting. */
    private boolean awaitAbort(Duration delay) {
        try {
            return abortSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return aborting;
        }
    }

    private void handOver(Batch batch, int attempts, long start, Throwable cause) {
        if (walDelivery != null) {
            Thread.interrupted();
            walDelivery.notSent(batch, attempts, Duration.ofNanos(System.nanoTime() - start), cause, aborting);
            failWaiters(batch, cause);
            return;
        }
        int bytes = batch.buffer.size();
        listener.flushFailed(table, batch.trigger, batch.rows, bytes, Duration.ofNanos(System.nanoTime() - start), cause);
        FailedBatch failed = new FailedBatch(table, columns, Arrays.copyOf(batch.buffer.array(), bytes), batch.rows,
                attempts, cause, batch.deduplicationToken, columnTypes);
        // An interrupt only served to cut a hanging insert short (close timed out); it must not break the
        // handler's own I/O, e.g. the spill file write.
        Thread.interrupted();
        if (failedBatchHandler == null) {
            LOG.error("LOST {} rows ({} bytes) for {} after {} attempt(s): {}. Configure a FailedBatchHandler (or the "
                    + "starter's spill directory) to keep such batches.", batch.rows, bytes, table, attempts,
                    cause.getMessage());
            lost(batch.rows, cause);
        } else {
            try {
                failedBatchHandler.onFailedBatch(failed);
            } catch (RuntimeException handlerFailure) {
                LOG.error("LOST {} rows for {}: the FailedBatchHandler threw while taking a batch that failed with: {}",
                        batch.rows, table, cause.getMessage(), handlerFailure);
                lost(batch.rows, handlerFailure);
            }
        }
        failWaiters(batch, cause);
    }

    private static void failWaiters(Batch batch, Throwable cause) {
        for (CompletableFuture<FlushStats> waiter : batch.waiters) {
            waiter.completeExceptionally(cause);
        }
        for (SubmitTicket ticket : batch.tickets) {
            ticket.batchDone(null, cause);
        }
    }

    private void lost(int rows, Throwable cause) {
        listener.rowsLost(table, rows, cause);
    }

    private static void complete(Batch batch, FlushStats stats) {
        for (CompletableFuture<FlushStats> waiter : batch.waiters) {
            waiter.complete(stats);
        }
        for (SubmitTicket ticket : batch.tickets) {
            ticket.batchDone(stats, null);
        }
    }

    private BatcherClosedException closedCause() {
        return new BatcherClosedException("batcher for " + table + " closed before this batch could be written "
                + "(shutdownTimeout elapsed)");
    }
}
