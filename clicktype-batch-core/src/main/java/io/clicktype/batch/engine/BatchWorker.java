package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread per table that fills batches from the {@link Intake} and seals each for the {@link BatchSender}
 * when it reaches {@code maxRows} or {@code maxBufferSize}, when its first row is {@code maxWait} old, or on an
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
    private final BatchPool pool;
    private final BatchSender sender;
    private final Acknowledgements acknowledgements;
    private final BatcherCounters state;
    private final int maxRows;
    private final long maxBytes;
    private final long maxWaitNanos;
    /** The batch being filled; {@code null} before start and after the last seal. */
    private Batch batch;
    /** The end of the last sealed batch: where the next one starts. */
    private long sealedUpTo;
    private boolean closing;

    BatchWorker(TableRef table, Intake<T> intake, BatchPool pool, BatchSender sender,
            Acknowledgements acknowledgements, BatcherCounters state, BatchConfig config) {
        this.table = table;
        this.intake = intake;
        this.pool = pool;
        this.sender = sender;
        this.acknowledgements = acknowledgements;
        this.state = state;
        this.maxRows = config.maxRows();
        this.maxBytes = config.maxBufferSize();
        this.maxWaitNanos = config.maxWait().toNanos();
    }

    @Override
    public void run() {
        try {
            work();
        } catch (Throwable e) {
            died(e);
        } finally {
            sender.finish();
        }
    }

    private void work() throws InterruptedException {
        sealedUpTo = intake.startPosition();
        batch = pool.take();
        while (!closing) {
            long timeout = batch.isEmpty() ? -1 : Math.max(0, batch.firstRowNanos + maxWaitNanos - System.nanoTime());
            intake.fill(this, timeout);
            acknowledgements.closeOpen();
            if (!closing && !batch.isEmpty() && System.nanoTime() - batch.firstRowNanos >= maxWaitNanos) {
                seal(FlushTrigger.MAX_WAIT);
            }
        }
        pool.release(batch);
        batch = null;
    }


    /** The batch being filled: the intake writes rows into its buffer, then calls {@link #added}. */
    Batch batch() {
        return batch;
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
        if (!checkLimits) {
            return;
        }
        if (batch.rows >= maxRows) {
            seal(FlushTrigger.MAX_ROWS);
        } else if (batch.buffer.size() >= maxBytes) {
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

    /** Rows the batch could still take before {@code maxRows}. */
    int rowsToLimit() {
        return batch.isEmpty() ? 1 : maxRows - batch.rows;
    }

    /** Bytes the batch could still take before {@code maxBufferSize} (at least 1). */
    long bytesToLimit() {
        return Math.max(1, maxBytes - batch.buffer.size());
    }

    /** Hands the batch to the sender and starts the next one. */
    void seal(FlushTrigger trigger) throws InterruptedException {
        Batch sealed = batch;
        sealed.trigger = trigger;
        sealed.start = sealedUpTo;
        intake.sealing(sealed, trigger);
        pool.settle(sealed); // from here on it holds just its buffer
        if (sealed.end >= 0) {
            sealedUpTo = sealed.end;
        }
        sender.submit(sealed);
        batch = null; // the sender owns it now: a worker dying in take() must not count or fail it
        batch = pool.take();
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
        }
        acknowledgements.failAll(cause);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
