package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.BatcherStats;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.FailedBatchHandler;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.Durability;
import io.clicktype.batch.WalStats;
import io.clicktype.batch.wal.WriteAheadLog;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of one batcher — queue, worker thread, sender thread — and their orderly stop.
 * Created and owned by {@code io.clicktype.batch.Batcher}.
 *
 * @param <T> the row type
 */
public final class BatcherEngine<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BatcherEngine.class);
    /** After an abort, how long the threads get to hand what is left to the failed-batch handler. */
    private static final long ABORT_GRACE_MILLIS = 30_000;

    private final TableRef table;
    private final BatchConfig config;
    /** The queue of memory durability; {@code null} with a write-ahead log. */
    private final RowQueue queue;
    /** The write-ahead log of {@code Durability.WAL}; {@code null} in memory. */
    private final WriteAheadLog log;
    private final WalWorker walWorker;
    private final AckWaiters ackWaiters;
    /** Whether close() ran (with a write-ahead log, whose appends a dying worker may have closed already). */
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final BatcherCounters state = new BatcherCounters();
    private final BatchSender sender;
    private final BatcherHandle<T> handle;
    private final Thread workerThread;
    private final Thread senderThread;

    /**
     * Wires the parts; nothing runs until {@link #start()}.
     *
     * @param failedBatchHandler may be {@code null}: failed batches are then logged and counted as lost
     * @param deduplicate        whether each batch is sent with an {@code insert_deduplication_token}
     * @param insertSettings     server settings every insert carries (e.g. those of the insert mode)
     * @param columnTypes        the live table's type of each of the encoder's columns (sent as a
     *                           RowBinaryWithNamesAndTypes header where the server has it), or {@code null}
     * @param onSchemaFailure    called on the sender thread when a batch fails because the table no longer fits
     *                           it (see {@link SchemaFailure}), before the batch goes to the handler; may be
     *                           {@code null}
     * @param walDirectory       the table's write-ahead log directory with {@code Durability.WAL} (opened, and
     *                           replayed from, here); ignored in memory
     */
    public BatcherEngine(TableRef table, RowEncoder<T> encoder, ClickHouseTransport transport, BatchConfig config,
            BatcherListener listener, FailedBatchHandler failedBatchHandler, boolean deduplicate,
            Map<String, String> insertSettings, java.util.List<String> columnTypes,
            java.util.function.Consumer<RuntimeException> onSchemaFailure, Path walDirectory) {
        this.table = table;
        this.config = config;
        // The counters are one more listener, told first: stats and metrics count the same events.
        BatcherListener safeListener = listener == BatcherListener.NOOP ? state
                : BatcherListener.composite(java.util.List.of(state, listener));
        boolean wal = config.durability() == Durability.WAL;
        BatchPool pool = new BatchPool(config.initialBufferSize(), config.bufferShrinkThreshold());
        // With a write-ahead log a failed batch stays in the log and is retried (with back-off) until it lands.
        RetryPolicy retryPolicy = new RetryPolicy(wal ? Integer.MAX_VALUE : config.maxRetries(),
                config.retryBaseDelay(), config.retryMaxDelay());
        this.sender = new BatchSender(table, encoder.columnNames(), transport, retryPolicy, failedBatchHandler,
                safeListener, state, pool, deduplicate, insertSettings, columnTypes, onSchemaFailure);
        Runnable worker;
        if (wal) {
            this.queue = null;
            this.log = WriteAheadLog.open(table, walDirectory, config.wal());
            this.ackWaiters = new AckWaiters();
            sender.logTo(new WalDelivery(table, encoder.columnNames(), columnTypes, log, ackWaiters, safeListener));
            this.walWorker = new WalWorker(table, log, pool, sender, state, ackWaiters, deduplicate, config);
            this.handle = new WalHandle<>(table, encoder, log, walWorker, ackWaiters, safeListener, state,
                    config.maxBlock());
            worker = walWorker;
        } else {
            this.queue = new RowQueue(config.queueCapacity());
            this.log = null;
            this.walWorker = null;
            this.ackWaiters = null;
            worker = new BatchWorker<>(table, encoder, queue, pool, sender, safeListener, state, config);
            this.handle = new QueueingHandle<>(table, encoder, queue, safeListener, state, config.maxBlock());
        }
        this.workerThread = thread(worker, "clicktype-batch-" + table);
        this.senderThread = thread(sender, "clicktype-batch-" + table + "-sender");
    }

    /** Starts both threads. */
    public void start() {
        state.started();
        senderThread.start();
        workerThread.start();
    }

    /** The producer-side handle. */
    public BatcherHandle<T> handle() {
        return handle;
    }

    /** A snapshot of the counters and condition. */
    public BatcherStats stats() {
        return state.snapshot(table, queue != null ? queue.rows() : handle.queuedRows(), config.queueCapacity());
    }

    /** The write-ahead log's figures, or {@code null} in memory durability. */
    public WalStats walStats() {
        return log == null ? null : log.stats();
    }

    /**
     * Stops intake, lets the worker encode everything queued and the sender write it, waiting up to
     * {@code shutdownTimeout}; then aborts, so that what is left goes to the failed-batch handler.
     *
     * @return whether everything was written or handed over before the threads ended
     */
    public boolean close() {
        CompletableFuture<FlushStats> last = new CompletableFuture<>();
        boolean first;
        if (log != null) {
            first = closing.compareAndSet(false, true);
            log.closeAppends();
            if (first) {
                walWorker.control(last, true);
            }
        } else {
            first = queue.closeWith(new ControlMessage(true, last)) == RowQueue.Offer.ACCEPTED;
        }
        state.stopped();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        boolean done = join(workerThread, deadline) && join(senderThread, deadline);
        if (!done) {
            LOG.warn("Batcher for {} did not drain within shutdownTimeout {}; handing unsent batches to the "
                    + "failed-batch handler", table, config.shutdownTimeout());
            sender.abort();
            senderThread.interrupt();
            long graceDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MILLIS);
            done = join(workerThread, graceDeadline) && join(senderThread, graceDeadline);
            if (!done) {
                LOG.error("Batcher for {} still has threads running {} ms after abort; rows still queued: {}", table,
                        ABORT_GRACE_MILLIS, queue != null ? queue.rows() : handle.queuedRows());
            }
        }
        if (log != null && first) {
            ackWaiters.failAll(new io.clicktype.batch.BatcherClosedException("batcher for " + table + " closed before "
                    + "these rows were acknowledged; they stay in the write-ahead log and are sent at the next start"));
            log.close();
        }
        if (first) {
            BatcherStats stats = stats();
            LOG.info("Batcher for {} stopped: {} rows accepted, {} flushed in {} flushes, {} handed to the "
                    + "failed-batch handler, {} lost, {} rejected, {} shed, {} timed out", table, stats.acceptedRows(),
                    stats.flushedRows(), stats.flushes(), stats.failedRows(), stats.lostRows(), stats.rejectedRows(),
                    stats.shedRows(), stats.timedOutRows());
        }
        return done;
    }

    private static boolean join(Thread thread, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            if (remaining > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private Thread thread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Thread {} of the batcher for {} died", t.getName(),
                table, e));
        return thread;
    }
}
