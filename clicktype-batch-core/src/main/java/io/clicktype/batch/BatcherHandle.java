package io.clicktype.batch;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hands rows to a running batcher; cheap to share across any number of threads.
 *
 * <p>Every insert validates the row on the caller's thread first: a row whose values do not fit
 * the table is refused with a {@link RowRejectedException} and never enters a batch.
 *
 * @param <T> the row type
 */
public interface BatcherHandle<T> {

    /**
     * Queues one row, waiting up to {@code maxBlock} while the queue is full (backpressure).
     *
     * @throws RowRejectedException     the row does not fit the table
     * @throws BatchQueueFullException  no room appeared within {@code maxBlock}
     * @throws BatcherClosedException   the batcher is closed
     */
    void insert(T row);

    /**
     * Queues one row like {@link #insert} and returns its acknowledgement: completed when the batch
     * holding the row was acknowledged by ClickHouse, exceptionally (with the cause) when that batch
     * failed or was handed to the {@link FailedBatchHandler}. Rows submitted close together share one
     * stage, so this allocates nothing per row.
     *
     * @throws RowRejectedException     the row does not fit the table
     * @throws BatchQueueFullException  no room appeared within {@code maxBlock}
     * @throws BatcherClosedException   the batcher is closed
     */
    CompletionStage<FlushStats> submit(T row);

    /**
     * Queues one row if there is room now; never blocks (load shedding). A shed row is counted.
     *
     * @return {@code false} when the queue was full and the row was not accepted
     * @throws RowRejectedException   the row does not fit the table
     * @throws BatcherClosedException the batcher is closed
     */
    boolean tryInsert(T row);

    /**
     * Queues all rows as one unit: all are accepted or none. Waits up to {@code maxBlock} for room.
     * Every row is validated before any is queued.
     *
     * @throws RowRejectedException     a row does not fit the table (none was queued)
     * @throws BatchQueueFullException  no room for all rows appeared within {@code maxBlock}
     * @throws BatcherClosedException   the batcher is closed
     * @throws IllegalArgumentException the collection is larger than {@code queueCapacity}
     */
    void insertMany(Collection<? extends T> rows);

    /**
     * Flushes everything queued before this call. The future completes when ClickHouse
     * acknowledged it, or exceptionally when it failed (the batch then went to the
     * {@link FailedBatchHandler}).
     */
    CompletableFuture<FlushStats> flush();

    /** Rows waiting in the queue, not yet encoded into a batch. */
    int queuedRows();

    /** The table this handle writes to. */
    TableRef table();
}
