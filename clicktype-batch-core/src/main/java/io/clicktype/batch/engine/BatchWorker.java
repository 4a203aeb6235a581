package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.BatchEncoder;
import java.util.concurrent.CompletableFuture;
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
            long timeout = batch.isEmpty() ? -1 : Math.max(0, batch.firstRowNanos + ageLimitNanos() - System.nanoTime());
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
        } else if (encoder.size(batch.buffer) >= maxBytes) {
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

    /** The age at which the batch is sealed: {@code maxWait}, or {@code maxLinger} while it has fewer than minRows. */
    private long ageLimitNanos() {
        return batch.rows < minRows ? maxLingerNanos : maxWaitNanos;
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
        return Math.max(1, maxBytes - encoder.size(batch.buffer));
    }

    /** Hands the batch to the sender and starts the next one. */
    void seal(FlushTrigger trigger) throws InterruptedException {
        Batch sealed = batch;
        sealed.trigger = trigger;
        sealed.start = sealedUpTo;
        encoder.seal(sealed.buffer, shrinkThreshold, initialBufferSize);
        pool.settleEncoder(encoder.heldBytes());
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
