package io.clicktype.batch.engine;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
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
 * @param <T> the row type
 */
final class MemoryIntake<T> implements Intake<T> {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryIntake.class);
    /** Items taken from the queue at once: enough to amortise the lock, few enough to keep backpressure tight. */
    private static final int DRAIN_LIMIT = 1024;

    private final TableRef table;
    private final CountingEncoder<T> checker;
    private final RowEncoder<T> encoder;
    private final RowQueue queue;
    private final BatcherListener listener;
    /** Worker side: the items of one drain, and the position after the last row taken. */
    private final ArrayList<Object> drained = new ArrayList<>(DRAIN_LIMIT);
    private long readPosition;
    private long encodeFailures;

    MemoryIntake(TableRef table, RowEncoder<T> encoder, int queueCapacity, BatcherListener listener) {
        this.table = table;
        this.checker = new CountingEncoder<>(table, encoder, listener);
        this.encoder = encoder;
        this.queue = new RowQueue(queueCapacity);
        this.listener = listener;
    }

    @Override
    public long append(T row, long timeoutNanos) throws InterruptedException {
        checker.validate(row);
        return timeoutNanos == 0 ? queue.tryOffer(row, 1) : queue.offer(row, 1, timeoutNanos);
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
        return queue.offer(group, group.size(), timeoutNanos);
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
    public BatchQueueFullException full(int rows, Duration maxBlock) {
        return new BatchQueueFullException("queue of " + table + " stayed full (" + queue.capacity()
                + " rows) for maxBlock " + maxBlock + "; " + rows + " row(s) not accepted. ClickHouse is "
                + "not keeping up or is unreachable: retry later, use tryInsert to shed load, or raise "
                + "queueCapacity / maxBlock");
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
        queue.drainTo(drained, timeoutNanos, DRAIN_LIMIT);
        try {
            for (int i = 0, n = drained.size(); i < n; i++) {
                Object item = drained.get(i);
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
        } finally {
            drained.clear();
        }
    }

    private void add(BatchWorker<T> worker, T row) throws InterruptedException {
        readPosition++;
        RowBuffer buffer = worker.batch().buffer;
        int mark = buffer.size();
        try {
            encoder.encode(row, buffer);
        } catch (RuntimeException e) {
            buffer.truncate(mark);
            rejected(e);
            return;
        }
        worker.added(1, true);
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
        batch.end = readPosition;
    }

    @Override
    public String abandon(BatcherClosedException cause, Batch current) {
        int lost = queue.rows() + (current == null ? 0 : current.rows);
        queue.close();
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
        return lost + " queued and unsent rows are lost";
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
