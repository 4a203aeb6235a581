package io.clicktype.batch.engine;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake of memory durability: rows are checked on the caller's thread and queued as objects in a
 * {@link RowQueue}; the worker encodes them, so the caller pays only the check and the queue. A position is the
 * running count of rows accepted.
 *
 * <p>A queued row is charged to the memory budget at an estimate of what it holds on the heap: twice the table's
 * mean encoded row (measured at each seal; {@value #FIRST_ROW_ESTIMATE} bytes before the first) plus
 * {@value #ROW_OVERHEAD} bytes of object headers and queue slot. The worker moves that charge into the batch that
 * encodes the row ({@link BatchWorker#transfer}); the seal settles it to the buffer's real size.
 *
 * @param <T> the row type
 */
final class MemoryIntake<T> implements Intake<T> {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryIntake.class);
    /** Items taken from the queue at once: enough to amortise the lock, few enough to keep backpressure tight. */
    private static final int DRAIN_LIMIT = 1024;
    /** The estimate of a queued row's heap before any batch measured the table's rows. */
    static final int FIRST_ROW_ESTIMATE = 256;
    /** Bytes of object headers, references and queue slot added to each queued row's estimate. */
    static final int ROW_OVERHEAD = 48;

    private final TableRef table;
    private final CountingEncoder<T> checker;
    private final RowQueue queue;
    private final BatcherListener listener;
    private final ByteBudget budget;
    /** The memory-budget charge of one queued row; set by the worker at each seal, read by producers. */
    private volatile long rowEstimate = FIRST_ROW_ESTIMATE;
    /** Worker side: the items of one drain, and the position after the last row taken (written per row). */
    private final ArrayList<Object> drained = new ArrayList<>(DRAIN_LIMIT);
    private final IsolatedCount readPosition = new IsolatedCount();
    /** After a failure in {@link #fill}: the index in {@link #drained} of the item being read; -1 before the first. */
    private int next = -1;
    /** After a failure in {@link #fill}: {@link #readPosition} before the item at {@link #next}. */
    private long itemStart;
    private long encodeFailures;

    MemoryIntake(TableRef table, RowEncoder<T> encoder, int queueCapacity, BatcherListener listener,
            ByteBudget budget) {
        this.budget = budget;
        this.table = table;
        this.checker = new CountingEncoder<>(table, encoder, listener);
        this.queue = new RowQueue(queueCapacity);
        this.listener = listener;
    }

    @Override
    public long append(T row, long timeoutNanos) throws InterruptedException {
        checker.validate(row);
        return charged(row, 1, timeoutNanos);
    }

    /**
     * Charges the budget for {@code rows}, then queues {@code item}, both within one {@code timeoutNanos}. The common
     * case, room in both, reads no clock: the deadline is taken only when one of them has to be waited for.
     */
    private long charged(Object item, int rows, long timeoutNanos) throws InterruptedException {
        long charge = rowEstimate * rows;
        if (budget.tryAcquire(charge)) {
            long position = queue.tryOffer(item, rows, charge);
            if (position != FULL) {
                if (position < 0) {
                    budget.release(charge);
                }
                return position;
            }
            if (timeoutNanos <= 0) {
                budget.release(charge);
                return FULL;
            }
            return queued(item, rows, charge, System.nanoTime() + timeoutNanos);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        if (!budget.acquire(charge, timeoutNanos)) {
            return OVER_BUDGET;
        }
        return queued(item, rows, charge, deadline);
    }

    /** Queues rows already charged, waiting for room until {@code deadline}; frees the charge if they are refused. */
    private long queued(Object item, int rows, long charge, long deadline) throws InterruptedException {
        long position;
        try {
            position = queue.offer(item, rows, charge, Math.max(0, deadline - System.nanoTime()));
        } catch (InterruptedException | RuntimeException e) {
            budget.release(charge);
            throw e;
        }
        if (position < 0) {
            budget.release(charge);
        }
        return position;
    }

    @Override
    public long appendAll(Collection<? extends T> rows, long timeoutNanos) throws InterruptedException {
        int size = rows.size();
        if (size > queue.capacity()) {
            throw new IllegalArgumentException("insertMany of " + size + " rows into " + table
                    + " exceeds queueCapacity (" + queue.capacity() + "); split it or raise queueCapacity");
        }
        for (T row : rows) {
            checker.validate(row);
        }
        RowGroup group = RowGroup.of(rows);
        return charged(group, group.size(), timeoutNanos);
    }

    @Override
    public void accepted(long position, Duration timeout) {
        // a queued row promises nothing more
    }

    @Override
    public boolean flush(CompletableFuture<FlushStats> result) {
        return queue.offerControl(new ControlMessage(false, result)) >= 0;
    }

    @Override
    public boolean close(CompletableFuture<FlushStats> last) {
        return queue.closeWith(new ControlMessage(true, last)) >= 0;
    }

    @Override
    public int queuedRows() {
        return queue.rows();
    }

    @Override
    public String bound() {
        return queue.capacity() + " rows";
    }

    @Override
    public String boundSetting() {
        return "queueCapacity";
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public long startPosition() {
        return 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void fill(BatchWorker<T> worker, long timeoutNanos) throws InterruptedException {
        int i = -1;
        long start = 0;
        try {
            queue.drainTo(drained, timeoutNanos, DRAIN_LIMIT);
            // the rows' charge goes to the batch they start in; a seal in between settles the surplus, and a batch
            // begun inside the drain is charged its growth as it happens
            worker.transfer(queue.drainedCharge());
            int n = drained.size();
            for (i = 0; i < n; i++) {
                Object item = drained.get(i);
                start = readPosition.get();
                if (item instanceof ControlMessage control) {
                    worker.control(control);
                } else if (item instanceof RowGroup group) {
                    for (Object row : group.rows()) {
                        add(worker, (T) row);
                    }
                } else {
                    add(worker, (T) item);
                }
            }
        } catch (Throwable e) {
            // kept for dropUnread (locals in the loop: no field written per item beside those producers read)
            next = i;
            itemStart = start;
            throw e;
        }
        drained.clear();
    }

    private void add(BatchWorker<T> worker, T row) throws InterruptedException {
        try {
            // on any exception, an Error too, the encoder leaves nothing of the row: the batch keeps whole rows only
            worker.encoder().encode(row, worker.batch().buffer);
        } catch (RuntimeException e) {
            readPosition.add(1);
            rejected(e);
            return;
        }
        // after an Error (thrown on) the row is not read: dropUnread counts it
        readPosition.add(1);
        worker.added(1, true);
    }

    @Override
    public boolean workerRestartable() {
        return true;
    }

    @Override
    public Unread dropUnread(Throwable failure, BatcherClosedException cause) {
        long position = readPosition.get();
        long end = position;
        boolean closeDropped = false;
        for (int i = 0, n = drained.size(); i < n; i++) {
            Object item = drained.get(i);
            if (item instanceof ControlMessage control) {
                if (i > next) { // the one being handled (i == next) is already among its batch's waiters
                    control.result().completeExceptionally(cause);
                    closeDropped |= control.close();
                }
            } else if (i >= next) {
                // of the item being read when the worker failed, the rows not yet read
                long rows = (item instanceof RowGroup group ? group.size() : 1) - (i == next ? position - itemStart : 0);
                end += rows;
            }
        }
        drained.clear();
        long lost = end - position;
        readPosition.add(lost);
        if (lost > 0) {
            listener.rowsLost(table, (int) lost, failure);
        }
        return new Unread(end, closeDropped);
    }

    /** A row that passed validation but failed to encode (it changed in between): dropped from the batch, counted. */
    private void rejected(RuntimeException e) {
        listener.rowsRejected(table, 1);
        if (encodeFailures++ % 1000 == 0) {
            LOG.warn("A row for {} changed after it was accepted and can no longer be encoded; it was left out of "
                    + "the batch ({} such rows so far): {}", table, encodeFailures, e.getMessage());
        }
    }

    @Override
    public void sealing(Batch batch, FlushTrigger trigger) {
        batch.end = readPosition.get();
        if (batch.rows > 0) {
            rowEstimate = 2L * batch.buffer.size() / batch.rows + ROW_OVERHEAD;
        }
    }

    @Override
    public String abandon(BatcherClosedException cause, Batch current) {
        long before = readPosition.get();
        long dropped = dropUnread(cause.getCause(), cause).end() - before;
        int lost = queue.rows() + (current == null ? 0 : current.rows);
        queue.close();
        budget.release(queue.queuedCharge());
        if (lost > 0) {
            listener.rowsLost(table, lost, cause.getCause());
        }
        List<Object> left = new ArrayList<>();
        try {
            while (queue.drainTo(left, 0, Integer.MAX_VALUE) > 0 || !left.isEmpty()) {
                for (Object item : left) {
                    if (item instanceof ControlMessage control) {
                        control.result().completeExceptionally(cause);
                    }
                }
                left.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (lost + dropped) + " queued and unsent rows are lost";
    }

    @Override
    public BatchOutcome outcome(BatchOutcome handlerOutcome) {
        return handlerOutcome;
    }

    @Override
    public boolean retriesForever() {
        return false;
    }

    @Override
    public BatcherClosedException stopped() {
        return new BatcherClosedException("batcher for " + table + " closed before these rows were written");
    }
}
