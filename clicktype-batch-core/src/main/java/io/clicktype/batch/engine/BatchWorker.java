package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread per table that drains the queue and encodes rows into the current batch, sealing
 * it for the {@link BatchSender} when it reaches {@code maxRows} or {@code maxBufferSize}, when its
 * first row is {@code maxWait} old, or on an explicit flush or close. A batch is sealed right after
 * the row that reaches a limit, so it exceeds {@code maxBufferSize} by at most that one row, and a
 * single row larger than the limit travels alone.
 *
 * @param <T> the row type
 */
final class BatchWorker<T> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWorker.class);

    /** Items taken from the queue at once: enough to amortise the lock, few enough to keep backpressure tight. */
    private static final int DRAIN_LIMIT = 1024;

    private final TableRef table;
    private final RowEncoder<T> encoder;
    private final RowQueue queue;
    private final BatchPool pool;
    private final BatchSender sender;
    private final BatcherListener listener;
    private final BatcherCounters state;
    private final int maxRows;
    private final long maxBytes;
    private final long maxWaitNanos;
    private long encodeFailures;
    private SubmitTicket activeTicket;
    /** The batch being filled, so that a dying worker can count its rows. */
    private Batch current;

    BatchWorker(TableRef table, RowEncoder<T> encoder, RowQueue queue, BatchPool pool, BatchSender sender,
            BatcherListener listener, BatcherCounters state, BatchConfig config) {
        this.table = table;
        this.encoder = encoder;
        this.queue = queue;
        this.pool = pool;
        this.sender = sender;
        this.listener = listener;
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
            int queued = queue.rows() + (current == null ? 0 : current.rows);
            queue.close();
            state.died(e);
            LOG.error("Batcher worker for {} died; {} queued and unsent rows are lost and the batcher accepts no more "
                    + "rows", table, queued, e);
            if (queued > 0) {
                listener.rowsLost(table, queued, e);
            }
            abandonTickets(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            sender.finish();
        }
    }

    /** Fails every submit() stage still waiting, so that no submitter waits forever on a dead worker. */
    private void abandonTickets(Throwable cause) {
        AbandonedWork.abandon(activeTicket, current, queue, cause);
    }

    @SuppressWarnings("unchecked")
    private void work() throws InterruptedException {
        ArrayList<Object> items = new ArrayList<>(1024);
        Batch batch = pool.take();
        current = batch;
        boolean closing = false;
        while (!closing) {
            long timeout = batch.isEmpty() ? -1 : Math.max(0, batch.firstRowNanos + maxWaitNanos - System.nanoTime());
            queue.drainTo(items, timeout, DRAIN_LIMIT);
            for (int i = 0, n = items.size(); i < n; i++) {
                Object item = items.get(i);
                if (item instanceof ControlMessage control) {
                    batch.waiters.add(control.result());
                    closing = control.close();
                    batch = seal(batch, closing ? FlushTrigger.CLOSE : FlushTrigger.EXPLICIT);
                } else if (item instanceof SubmitTicket ticket) {
                    activeTicket = ticket;
                } else if (item instanceof SubmitTicket.Closer closer) {
                    closer.ticket().close();
                    if (activeTicket == closer.ticket()) {
                        activeTicket = null;
                    }
                } else if (item instanceof RowGroup group) {
                    Object[] rows = group.rows();
                    for (Object row : rows) {
                        batch = add(batch, (T) row);
                    }
                } else {
                    batch = add(batch, (T) item);
                }
            }
            items.clear();
            if (!batch.isEmpty() && System.nanoTime() - batch.firstRowNanos >= maxWaitNanos) {
                batch = seal(batch, FlushTrigger.MAX_WAIT);
            }
            current = batch;
        }
        current = null;
        pool.release(batch);
    }

    private Batch add(Batch batch, T row) throws InterruptedException {
        RowBuffer buffer = batch.buffer;
        int mark = buffer.size();
        try {
            encoder.encode(row, buffer);
        } catch (RuntimeException e) {
            buffer.truncate(mark);
            rejected(e);
            return batch;
        }
        if (batch.rows++ == 0) {
            batch.firstRowNanos = System.nanoTime();
        }
        SubmitTicket ticket = activeTicket;
        if (ticket != null && batch.lastTicket != ticket) {
            batch.lastTicket = ticket;
            batch.tickets.add(ticket);
            ticket.batchAdded();
        }
        if (batch.rows >= maxRows) {
            return seal(batch, FlushTrigger.MAX_ROWS);
        }
        if (buffer.size() >= maxBytes) {
            return seal(batch, FlushTrigger.MAX_BYTES);
        }
        return batch;
    }

    private Batch seal(Batch batch, FlushTrigger trigger) throws InterruptedException {
        batch.trigger = trigger;
        sender.submit(batch);
        return pool.take();
    }

    /** A row that passed validation but failed to encode (it changed in between): dropped from the batch, counted. */
    private void rejected(RuntimeException e) {
        listener.rowsRejected(table, 1);
        if (encodeFailures++ % 1000 == 0) {
            LOG.warn("A row for {} changed after it was accepted and can no longer be encoded; it was left out of "
                    + "the batch ({} such rows so far): {}", table, encodeFailures, e.getMessage());
        }
    }
}
