package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.ClickTypeBatchException;
import io.clicktype.batch.encoding.BatchEncoder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread per table that fills batches from the {@link Intake} and seals each for the {@link BatchSender}
 * when it reaches {@code maxRows} or {@code maxBufferSize}, when its first row is {@code maxWait} old (or
 * {@code maxLinger}, while it has fewer than {@code minRows} rows), or on an
 * explicit flush or close. A batch is sealed right after the row (or record) that reaches a limit, so it exceeds
 * {@code maxBufferSize} by at most that one, and a single row larger than the limit travels alone. The same loop
 * serves both intakes; the intake moves rows in ({@link #added}) and says what a seal records
 * ({@link Intake#sealing}).
 *
 * @param <T> the row type
 */
final class BatchWorker<T> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWorker.class);

    private final TableRef table;
    private final Intake<T> intake;
    private final BatchEncoder<T> encoder;
    private final BatchPool pool;
    private final BatchSender sender;
    private final Acknowledgements acknowledgements;
    private final BatcherCounters state;
    private final int maxRows;
    private final long maxBytes;
    private final long maxWaitNanos;
    private final int minRows;
    private final long maxLingerNanos;
    private final int shrinkThreshold;
    private final int initialBufferSize;
    /** The batch being filled; {@code null} before start and after the last seal. */
    private Batch batch;
    /** The end of the last sealed batch: where the next one starts. */
    private long sealedUpTo;
    private boolean closing;
    /** When the last batch was sealed: a table idle for {@code maxLinger} gives its buffers' memory back. */
    private long lastSealNanos = System.nanoTime();
    /** Failures since the last batch sealed normally: the restart back-off doubles with each. */
    private int consecutiveFailures;
    private final CountDownLatch wakeUp = new CountDownLatch(1);
    /** The longest back-off before a failed worker restarts. */
    static final long MAX_BACKOFF_MILLIS = 30_000;

    BatchWorker(TableRef table, Intake<T> intake, BatchEncoder<T> encoder, BatchPool pool, BatchSender sender,
            Acknowledgements acknowledgements, BatcherCounters state, BatchConfig config) {
        this.table = table;
        this.intake = intake;
        this.encoder = encoder;
        this.pool = pool;
        this.sender = sender;
        this.acknowledgements = acknowledgements;
        this.state = state;
        this.maxRows = config.maxRows();
        this.maxBytes = config.maxBufferSize();
        this.maxWaitNanos = config.maxWait().toNanos();
        this.minRows = config.minRows();
        this.maxLingerNanos = config.maxLinger().toNanos();
        this.shrinkThreshold = (int) Math.min(config.bufferShrinkThreshold(), Integer.MAX_VALUE);
        this.initialBufferSize = config.initialBufferSize();
    }

    @Override
    public void run() {
        try {
            sealedUpTo = intake.startPosition();
            while (!restartAfter(work())) {
                // restarted: work again
            }
        } finally {
            sender.finish();
        }
    }

    /** Stops a restart back-off early: the batcher is closing. */
    void wake() {
        wakeUp.countDown();
    }

    /** Runs the loop; returns what broke it off, or {@code null} when it ended with the close. */
    private Throwable work() {
        try {
            if (batch == null) {
                batch = pool.take();
            }
            fillUntilClosed();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private void fillUntilClosed() throws InterruptedException {
        while (!closing) {
            long timeout;
            if (!batch.isEmpty()) {
                timeout = Math.max(0, batch.firstRowNanos + ageLimitNanos() - System.nanoTime());
            } else if (pool.oversized(batch)) {
                // an empty batch with a grown buffer: look again at maxWait whether to give its memory back
                if (pool.underPressure() || System.nanoTime() - lastSealNanos >= maxLingerNanos) {
                    pool.shrinkIdle(batch);
                    timeout = -1;
                } else {
                    timeout = maxWaitNanos;
                }
            } else {
                timeout = -1;
            }
            intake.fill(this, timeout);
            acknowledgements.closeOpen();
            if (!closing && !batch.isEmpty() && System.nanoTime() - batch.firstRowNanos >= ageLimitNanos()) {
                seal(FlushTrigger.MAX_WAIT);
            }
        }
        pool.release(batch);
        batch = null;
    }


    /** The batch being filled: the intake puts rows into it through {@link #encoder()}, then calls {@link #added}. */
    Batch batch() {
        return batch;
    }

    /** What puts rows into the batch, in the batcher's format. */
    BatchEncoder<T> encoder() {
        return encoder;
    }

    /**
     * {@code rows} more rows are in the batch's buffer; seals it when it reached a limit, unless
     * {@code checkLimits} is off (a batch replayed exactly as it was cut before).
     */
    void added(int rows, boolean checkLimits) throws InterruptedException {
        if (batch.rows == 0) {
            batch.firstRowNanos = System.nanoTime();
        }
        batch.rows += rows;
        if (batch.buffer.capacity() > batch.charge) {
            // the buffer grew past what the rows in it were charged: charge the rest (never wait, see ByteBudget)
            pool.settle(batch);
        }
        pool.settleEncoder(encoder.heldBytes());
        if (!checkLimits) {
            return;
        }
        if (batch.rows >= maxRows) {
            seal(FlushTrigger.MAX_ROWS);
        } else if (encodedBytes() >= maxBytes) {
            seal(FlushTrigger.MAX_BYTES);
        }
    }

    /**
     * Moves {@code bytes} of memory-budget charge into the batch being filled: what the rows the intake just took
     * were charged while they waited, which now pays for their encoded bytes.
     */
    void transfer(long bytes) {
        batch.charge += bytes;
    }

    /** A flush or close reached: seals the batch, which completes {@code message}'s result when it is done. */
    void control(ControlMessage message) throws InterruptedException {
        batch.waiters.add(message.result());
        closing |= message.close();
        seal(message.close() ? FlushTrigger.CLOSE : FlushTrigger.EXPLICIT);
    }

    /**
     * The age at which the batch is sealed: {@code maxWait}, or {@code maxLinger} while it has fewer than minRows and
     * producers do not wait for the memory budget (lingering rows would hold what they wait for).
     */
    private long ageLimitNanos() {
        return batch.rows < minRows && !pool.underPressure() ? maxLingerNanos : maxWaitNanos;
    }

    /** Rows the batch could still take before {@code maxRows}, or before it reaches {@code minRows} (its age limit changes). */
    int rowsToLimit() {
        if (batch.isEmpty()) {
            return 1;
        }
        return batch.rows < minRows ? minRows - batch.rows : maxRows - batch.rows;
    }

    /** Bytes the batch could still take before {@code maxBufferSize} (at least 1). */
    long bytesToLimit() {
        return Math.max(1, maxBytes - encodedBytes());
    }

    /** The batch's bytes so far: the encoder's count, or the buffer's for records kept as logged. */
    private long encodedBytes() {
        return batch.asLogged ? batch.buffer.size() : encoder.size(batch.buffer);
    }

    /** Hands the batch to the sender and starts the next one. */
    void seal(FlushTrigger trigger) throws InterruptedException {
        Batch sealed = batch;
        sealed.trigger = trigger;
        sealed.start = sealedUpTo;
        completePayload(sealed);
        intake.sealing(sealed, trigger);
        pool.settle(sealed); // from here on it holds just its buffer
        if (sealed.end >= 0) {
            sealedUpTo = sealed.end;
        }
        sender.submit(sealed);
        batch = null; // the sender owns it now: a worker dying in take() must not count or fail it
        consecutiveFailures = 0;
        lastSealNanos = System.nanoTime();
        batch = pool.take();
    }

    /**
     * Leaves the batch's whole payload in its buffer, in its format: the encoder's (a Native block is written out of
     * the encoder's columns, which start the next batch empty), or RowBinary for log records kept as logged.
     */
    private void completePayload(Batch sealed) {
        if (sealed.asLogged) {
            sealed.format = BatchFormat.ROW_BINARY;
        } else {
            encoder.seal(sealed.buffer, shrinkThreshold, initialBufferSize);
            sealed.format = encoder.format();
        }
        pool.settleEncoder(encoder.heldBytes());
    }

    /**
     * After the loop broke off with {@code failure} (an {@code Error}: out of memory, a stack overflow, a bug), goes
     * on where that is safe: the batch being filled (whole rows only) goes to the sender, which hands it over as
     * failed (failed-batch handler or spill; its flush futures and stages fail), the rows taken from the intake but
     * not yet encoded are counted as lost, and the worker runs again after a back-off (1 s, doubling up to
     * {@value #MAX_BACKOFF_MILLIS} ms while it keeps failing; the table is DOWN meanwhile). Where the intake cannot go
     * on (a write-ahead log), or on an interrupt, the worker dies instead ({@link #died}).
     *
     * @return {@code true} when the worker is done (closed, or dead); {@code false} to run the loop again
     */
    private boolean restartAfter(Throwable failure) {
        if (failure == null) {
            return true;
        }
        if (failure instanceof InterruptedException || !intake.workerRestartable()) {
            died(failure);
            return true;
        }
        ClickTypeBatchException cause = new ClickTypeBatchException("the batcher worker of " + table + " failed "
                + "while these rows were in its batch: " + failure, failure);
        Intake.Unread unread;
        int handedOver;
        try {
            // the rows dropped join the failed batch's positions, so that the sender resolves them in order
            unread = intake.dropUnread(failure, new BatcherClosedException(cause.getMessage()));
            handedOver = handOverCurrent(cause);
        } catch (Throwable again) {
            failure.addSuppressed(again);
            died(failure);
            return true;
        }
        if (unread.end() > sealedUpTo) { // no batch to carry them (the worker failed taking the next one)
            acknowledgements.failed(sealedUpTo, unread.end(), cause);
            sealedUpTo = unread.end();
        }
        closing |= unread.closeDropped();
        if (closing) {
            LOG.error("Batcher worker for {} failed while closing; its last batch ({} rows) went to the failed-batch "
                    + "handler", table, handedOver, failure);
            return true;
        }
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(10, consecutiveFailures++));
        state.workerFailed("worker failed and restarts in " + backoff + " ms: " + failure);
        LOG.error("Batcher worker for {} failed; the batch being filled ({} rows) goes to the failed-batch handler, "
                + "rows taken from the queue but not encoded are counted as lost, and the worker restarts in {} ms",
                table, handedOver, backoff, failure);
        try {
            wakeUp.await(backoff, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            died(e);
            return true;
        }
        state.workerRestarted();
        LOG.warn("Batcher worker for {} restarted", table);
        return false;
    }

    /** Hands the batch being filled to the sender as failed; returns its rows. */
    private int handOverCurrent(Throwable cause) {
        Batch failed = batch;
        if (failed == null) {
            return 0;
        }
        batch = null;
        failed.failure = cause;
        failed.trigger = closing ? FlushTrigger.CLOSE : FlushTrigger.MAX_WAIT;
        failed.start = sealedUpTo;
        // its whole rows, as a seal writes them: else a Native batch's rows would stay in the encoder's columns
        completePayload(failed);
        intake.sealing(failed, failed.trigger);
        pool.settle(failed);
        if (failed.end >= 0) {
            sealedUpTo = failed.end;
        }
        sender.submit(failed);
        return failed.rows;
    }

    private void died(Throwable e) {
        BatcherClosedException cause = new BatcherClosedException("batcher worker died before these rows were "
                + "written: " + e);
        cause.initCause(e);
        String fate = intake.abandon(cause, batch);
        state.died(e);
        LOG.error("Batcher worker for {} died; the batcher accepts no more rows. {}", table, fate, e);
        if (batch != null) {
            for (CompletableFuture<FlushStats> waiter : batch.waiters) {
                waiter.completeExceptionally(cause);
            }
            pool.release(batch); // its budget charge with it
            batch = null;
        }
        acknowledgements.failAll(cause);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
