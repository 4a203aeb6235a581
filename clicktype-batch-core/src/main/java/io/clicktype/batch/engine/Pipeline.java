package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.BatcherStats;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.Durability;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.FailedBatchHandler;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.WalStats;
import io.clicktype.batch.encoding.BatchEncoder;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.wal.WriteAheadLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of one batcher and their orderly stop: one pipeline for both durability modes.
 *
 * <pre>
 *   caller threads          worker thread                sender threads (insertsInFlight)
 *   ProducerHandle -> Intake -> BatchWorker (seal) -> BatchSender -> transport
 *                   (queue or log)                        '-> BatchOutcome (handler or log), Acknowledgements
 * </pre>
 *
 * With more than one insert in flight, a batch's end is resolved in seal order ({@link SealOrder}).
 *
 * Only the {@link Intake} (memory queue or write-ahead log) and the {@link BatchOutcome} it chooses differ between
 * the modes. Created and owned by {@code io.clicktype.batch.Batcher}.
 *
 * @param <T> the row type
 */
public final class Pipeline<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** After an abort, how long the threads get to hand what is left to the outcome. */
    private static final long ABORT_GRACE_MILLIS = 30_000;

    private final TableRef table;
    private final BatchConfig config;
    private final Intake<T> intake;
    /** The write-ahead log of {@code Durability.WAL}, for its figures; {@code null} in memory. */
    private final WriteAheadLog log;
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private final BatcherCounters state = new BatcherCounters();
    private final BatchPool pool;
    private final BatchSender sender;
    private final BatcherHandle<T> handle;
    private final BatchWorker<T> worker;
    private final Thread workerThread;
    private final List<Thread> senderThreads;

    /**
     * Wires the parts; nothing runs until {@link #start()}.
     *
     * @param batchEncoder       puts rows into batches in the batcher's format (the worker's; see {@link BatchEncoder})
     * @param failedBatchHandler may be {@code null}: failed batches are then logged and counted as lost
     * @param deduplicate        whether each batch is sent with an {@code insert_deduplication_token}
     * @param insertSettings     server settings every insert carries (e.g. those of the insert mode)
     * @param columnTypes        the live table's type of each of the encoder's columns (sent as a
     *                           RowBinaryWithNamesAndTypes header where the server has it), or {@code null}
     * @param onFailure          called on the sender thread with the cause of a batch that failed for good (out of
     *                           retries or refused; not when aborting), before the batch goes to the outcome; may be
     *                           {@code null}
     * @param walDirectory       the table's write-ahead log directory with {@code Durability.WAL} (opened, and
     *                           replayed from, here); ignored in memory
     * @param budget             the memory budget this batcher shares with others: its queued rows, batch buffers
     *                           and hand-over copies are charged to it
     * @param insertsInFlight    how many inserts of this table may run at once (each on a sender thread of its own),
     *                           as decided at start ({@code InsertConcurrency}); at least 1
     */
    public Pipeline(TableRef table, RowEncoder<T> encoder, BatchEncoder<T> batchEncoder, ClickHouseTransport transport,
            BatchConfig config,
            BatcherListener listener, FailedBatchHandler failedBatchHandler, boolean deduplicate,
            Map<String, String> insertSettings, List<String> columnTypes, Consumer<RuntimeException> onFailure,
            Path walDirectory, ByteBudget budget, int insertsInFlight) {
        this.table = table;
        this.config = config;
        // The counters are one more listener, told first: stats and metrics count the same events.
        BatcherListener events = listener == BatcherListener.NOOP ? state
                : BatcherListener.composite(List.of(state, listener));
        if (config.durability() == Durability.WAL) {
            this.log = WriteAheadLog.open(table, walDirectory, config.wal());
            this.intake = new LogIntake<>(table, encoder, columnTypes, log, events, deduplicate,
                    DiskSpill.DEFAULT_DEDUPLICATION_WINDOW, budget, state.accepted::sum);
        } else {
            this.log = null;
            this.intake = new MemoryIntake<>(table, encoder, config.queueCapacity(), events, budget);
        }
        this.pool = new BatchPool(insertsInFlight + 1, config.initialBufferSize(), config.bufferShrinkThreshold(),
                budget);
        BatchOutcome outcome = intake.outcome(new HandlerOutcome(table, encoder.columnNames(), columnTypes,
                failedBatchHandler, events, budget));
        // With a write-ahead log a failed batch stays in the log and is retried (with back-off) until it lands.
        RetryPolicy retryPolicy = new RetryPolicy(intake.retriesForever() ? Integer.MAX_VALUE : config.maxRetries(),
                config.retryBaseDelay(), config.retryMaxDelay());
        this.sender = new BatchSender(table, encoder.columnNames(), transport, retryPolicy, outcome, acknowledgements,
                events, pool, budget, deduplicate, insertSettings, columnTypes, onFailure, state,
                intake.retriesForever(), new OutageLog(table, System::nanoTime, OutageLog.SUMMARY_EVERY),
                insertsInFlight);
        this.handle = new ProducerHandle<>(table, intake, acknowledgements, events, state, budget, config.maxBlock());
        this.worker = new BatchWorker<>(table, intake, batchEncoder, pool, sender, acknowledgements, state, config);
        this.workerThread = thread(worker, "clicktype-batch-" + table);
        List<Thread> senders = new java.util.ArrayList<>(insertsInFlight);
        for (int i = 1; i <= insertsInFlight; i++) {
            senders.add(thread(sender, "clicktype-batch-" + table + "-sender" + (insertsInFlight == 1 ? "" : "-" + i)));
        }
        this.senderThreads = List.copyOf(senders);
    }

    /** Starts the threads. */
    public void start() {
        state.started();
        senderThreads.forEach(Thread::start);
        workerThread.start();
    }

    /** The producer-side handle. */
    public BatcherHandle<T> handle() {
        return handle;
    }

    /** A snapshot of the counters and condition. */
    public BatcherStats stats() {
        return state.snapshot(table, intake.queuedRows(), config.queueCapacity());
    }

    /**
     * Why a thread of this batcher is down (its worker died or waits to restart, its sender failed and has not
     * written a batch since), or {@code null}.
     */
    public String threadFault() {
        return state.threadFault();
    }

    /** The write-ahead log's figures, or {@code null} in memory durability. */
    public WalStats walStats() {
        return log == null ? null
                : log.stats(state.replayedRows.get(), state.setAsideRows.get(), state.replayedPastWindowRows.get());
    }

    /**
     * Stops intake, lets the worker seal everything accepted and the sender write it, waiting up to
     * {@code shutdownTimeout}; then aborts, so that what is left goes to the outcome (the failed-batch handler, or
     * stays in the write-ahead log).
     *
     * @return whether everything was written or handed over before the threads ended
     */
    public boolean close() {
        CompletableFuture<FlushStats> last = new CompletableFuture<>();
        boolean first = intake.close(last);
        state.stopped();
        sender.closing(); // with a write-ahead log, a failing batch now waits there instead of holding the shutdown
        worker.wake(); // a worker waiting to restart drains at once
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        boolean done = join(workerThread, deadline) && joinAll(senderThreads, deadline);
        if (!done) {
            LOG.warn("Batcher for {} did not drain within shutdownTimeout {}; {}", table, config.shutdownTimeout(),
                    log != null ? "unsent batches stay in the write-ahead log and are sent at the next start"
                            : "handing unsent batches to the failed-batch handler");
            sender.abort();
            senderThreads.forEach(Thread::interrupt);
            long graceDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MILLIS);
            done = join(workerThread, graceDeadline) && joinAll(senderThreads, graceDeadline);
            if (!done) {
                LOG.error("Batcher for {} still has threads running {} ms after abort; rows still queued: {}", table,
                        ABORT_GRACE_MILLIS, intake.queuedRows());
            }
        }
        if (done) {
            pool.close();
        }
        if (first) {
            acknowledgements.failAll(intake.stopped());
            BatcherStats stats = stats();
            long replayed = log == null ? 0 : state.replayedRows.get();
            LOG.info("Batcher for {} stopped: {} rows accepted, {} flushed in {} flushes{}, {} handed to the "
                    + "failed-batch handler, {} lost, {} rejected, {} shed, {} timed out", table, stats.acceptedRows(),
                    stats.flushedRows(), stats.flushes(), replayed == 0 ? ""
                            : " (" + replayed + " of them from the write-ahead log of an earlier run)",
                    stats.failedRows(), stats.lostRows(), stats.rejectedRows(), stats.shedRows(), stats.timedOutRows());
        }
        return done;
    }

    private static boolean joinAll(List<Thread> threads, long deadlineNanos) {
        boolean all = true;
        for (Thread thread : threads) {
            all &= join(thread, deadlineNanos);
        }
        return all;
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
        // the last resort, past the threads' own handling: the table is DOWN with the cause
        thread.setUncaughtExceptionHandler((t, e) -> {
            state.died(e);
            LOG.error("Thread {} of the batcher for {} died", t.getName(), table, e);
        });
        return thread;
    }
}
