package io.clicktype.batch.engine;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.ClickTypeBatchException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowEncoder;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The producer side: validates each row on the caller's thread, then hands it to the {@link RowQueue}.
 * Thread-safe; allocates nothing per row.
 *
 * @param <T> the row type
 */
final class QueueingHandle<T> implements BatcherHandle<T> {

    private final TableRef table;
    private final CountingEncoder<T> encoder;
    private final RowQueue queue;
    private final BatcherListener listener;
    private final BatcherCounters state;
    private final long maxBlockNanos;
    private final Duration maxBlock;

    QueueingHandle(TableRef table, RowEncoder<T> encoder, RowQueue queue, BatcherListener listener,
            BatcherCounters state, Duration maxBlock) {
        this.table = table;
        this.encoder = new CountingEncoder<>(table, encoder, listener);
        this.queue = queue;
        this.listener = listener;
        this.state = state;
        this.maxBlock = maxBlock;
        this.maxBlockNanos = maxBlock.toNanos();
    }

    @Override
    public void insert(T row) {
        encoder.validate(row);
        RowQueue.Offer offer;
        try {
            offer = queue.offer(row, 1, maxBlockNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickTypeBatchException("interrupted while waiting for room in the queue of " + table
                    + "; the row was not accepted", e);
        }
        accepted(offer, 1);
    }

    @Override
    public CompletionStage<FlushStats> submit(T row) {
        encoder.validate(row);
        SubmitTicket ticket;
        try {
            ticket = queue.submit(row, maxBlockNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickTypeBatchException("interrupted while waiting for room in the queue of " + table
                    + "; the row was not accepted", e);
        }
        if (ticket == null) {
            accepted(queue.isClosed() ? RowQueue.Offer.CLOSED : RowQueue.Offer.FULL, 1);
        }
        accepted(RowQueue.Offer.ACCEPTED, 1);
        return ticket.stage;
    }

    @Override
    public boolean tryInsert(T row) {
        encoder.validate(row);
        RowQueue.Offer offer = queue.tryOffer(row, 1);
        if (offer == RowQueue.Offer.FULL) {
            listener.rowsShed(table, 1);
            return false;
        }
        accepted(offer, 1);
        return true;
    }

    @Override
    public void insertMany(Collection<? extends T> rows) {
        Objects.requireNonNull(rows, "rows");
        int size = rows.size();
        if (size == 0) {
            return;
        }
        if (size > queue.capacity()) {
            throw new IllegalArgumentException("insertMany of " + size + " rows into " + table
                    + " exceeds queueCapacity (" + queue.capacity() + "); split it or raise queueCapacity");
        }
        for (T row : rows) {
            encoder.validate(row);
        }
        RowGroup group = RowGroup.of(rows);
        RowQueue.Offer offer;
        try {
            offer = queue.offer(group, group.size(), maxBlockNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickTypeBatchException("interrupted while waiting for room in the queue of " + table
                    + "; none of the " + size + " rows was accepted", e);
        }
        accepted(offer, group.size());
    }

    @Override
    public CompletableFuture<FlushStats> flush() {
        CompletableFuture<FlushStats> result = new CompletableFuture<>();
        if (queue.offerControl(new ControlMessage(false, result)) != RowQueue.Offer.ACCEPTED) {
            result.completeExceptionally(closed());
        }
        return result;
    }

    @Override
    public int queuedRows() {
        return queue.rows();
    }

    @Override
    public TableRef table() {
        return table;
    }

    private void accepted(RowQueue.Offer offer, int rows) {
        switch (offer) {
            case ACCEPTED -> {
                listener.rowsAccepted(table, rows);
            }
            case FULL -> {
                listener.rowsTimedOut(table, rows);
                throw new BatchQueueFullException("queue of " + table + " stayed full (" + queue.capacity()
                        + " rows) for maxBlock " + maxBlock + "; " + rows + " row(s) not accepted. ClickHouse is "
                        + "not keeping up or is unreachable: retry later, use tryInsert to shed load, or raise "
                        + "queueCapacity / maxBlock");
            }
            default -> throw closed();
        }
    }

    BatcherClosedException closed() {
        return state.closedException(table);
    }
}
