package io.clicktype.batch.engine;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted rows wait for the {@link BatchWorker}: the one thing that differs between the two durability modes.
 * {@link MemoryIntake} is a bounded queue of row objects, encoded on the worker; {@link LogIntake} is the
 * write-ahead log, with rows encoded on the caller's thread. Everything else (the producer handle, the worker loop,
 * the sender, acknowledgements) is shared.
 *
 * <p>Every accepted row gets a <em>position</em>, the intake's offset after it, increasing in intake order;
 * {@link Acknowledgements} completes {@code submit} stages by position.
 *
 * @param <T> the row type
 */
interface Intake<T> {

    /** An append's result: no room appeared within the timeout. */
    long FULL = -1;
    /** An append's result: the intake takes no more rows. */
    long CLOSED = -2;
    /** An append's result: the memory budget shared by all batchers had no room within the timeout. */
    long OVER_BUDGET = -3;

    // ---- producer side: any thread ----

    /**
     * Checks {@code row} and appends it, waiting up to {@code timeoutNanos} for room.
     *
     * @return the row's position, {@link #FULL}, {@link #OVER_BUDGET} or {@link #CLOSED}
     * @throws io.clicktype.batch.RowRejectedException (counted) when the row does not fit the table
     */
    long append(T row, long timeoutNanos) throws InterruptedException;

    /** Checks every row, then appends all of them or none; as {@link #append}, returning the last row's position. */
    long appendAll(Collection<? extends T> rows, long timeoutNanos) throws InterruptedException;

    /**
     * Called once an append was counted as accepted: waits, where the intake promises it, until the row at
     * {@code position} is durable.
     *
     * @throws io.clicktype.batch.ClickTypeBatchException when it is not, within {@code timeout}
     */
    void accepted(long position, Duration timeout);

    /** Queues a flush; {@code false} once the intake is closed. */
    boolean flush(CompletableFuture<FlushStats> result);

    /** Refuses later appends and queues {@code last} as the closing message; {@code false} if already closed. */
    boolean close(CompletableFuture<FlushStats> last);

    /** Rows accepted and not yet taken by the worker. */
    int queuedRows();

    /** The intake's bound for messages, e.g. "100000 rows" or "wal.max-size of unacknowledged rows". */
    String bound();

    /** The setting that raises {@link #bound()}, e.g. "queueCapacity". */
    String boundSetting();

    /** What the intake is called in messages: "queue", "write-ahead log". */
    String name();

    // ---- worker side: the worker thread only ----

    /** The position before the first row the worker will read. */
    long startPosition();

    /**
     * Waits up to {@code timeoutNanos} (negative: no limit) for rows or a control message, then moves what is
     * there into the worker's batch ({@link BatchWorker#added}, {@link BatchWorker#control}).
     */
    void fill(BatchWorker<T> worker, long timeoutNanos) throws InterruptedException;

    /**
     * The worker seals {@code batch} with {@code trigger}: sets its {@link Batch#end} (and, where the intake derives
     * it, its deduplication token) and records the cut where the intake keeps one.
     */
    void sealing(Batch batch, FlushTrigger trigger);

    /**
     * What {@link #dropUnread} left: the position after the dropped rows, and whether a close message was among them
     * (then the worker must stop, not restart).
     */
    record Unread(long end, boolean closeDropped) {
    }

    /**
     * The worker failed inside {@link #fill} (an {@code Error}: out of memory, a stack overflow, a bug) and wants to
     * restart: counts as lost the rows it had taken out of the intake but not yet put into its batch, fails the
     * control messages among them with {@code cause}, and moves the read position past them.
     *
     * Called only where {@link #workerRestartable()}.
     *
     * @return where the worker goes on from
     */
    Unread dropUnread(Throwable failure, BatcherClosedException cause);

    /**
     * Whether a worker that failed inside {@link #fill} may restart: the intake can go on from where it stands
     * ({@link #dropUnread}). Otherwise the worker dies and {@link #abandon} follows.
     */
    boolean workerRestartable();

    /**
     * The worker died: refuses later appends, fails the control messages still waiting with {@code cause}, and
     * counts as lost what the intake cannot keep ({@code current} is the batch being filled, or {@code null}).
     *
     * @return what became of the rows not yet sent, for the ERROR line
     */
    String abandon(BatcherClosedException cause, Batch current);

    /**
     * What happens to a batch that was not acknowledged: the given handler outcome, or the intake's own (which keeps
     * the batch's payload, in the batch's format).
     */
    BatchOutcome outcome(BatchOutcome handlerOutcome);

    /** Whether a failed batch is retried until it lands (it stays in a log) instead of going to the handler. */
    boolean retriesForever();

    /** After both threads ended: releases what the intake holds; returns why unacknowledged stages failed. */
    BatcherClosedException stopped();
}
