package io.clicktype.batch.engine;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.ClickTypeBatchException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The producer side of a batcher, for both durability modes: hands each row to the {@link Intake} (which checks it,
 * and with a write-ahead log encodes it, on the caller's thread), waits at most {@code maxBlock} for room, counts
 * the outcome, and gives {@code submit} callers a stage by position ({@link Acknowledgements}). Thread-safe;
 * allocates nothing per row (a {@code submit} shares its stage with the submits around it).
 *
 * @param <T> the row type
 */
final class ProducerHandle<T> implements BatcherHandle<T> {

    private final TableRef table;
    private final Intake<T> intake;
    private final Acknowledgements acknowledgements;
    private final BatcherListener listener;
    private final BatcherCounters state;
    private final ByteBudget budget;
    private final long maxBlockNanos;
    private final Duration maxBlock;

    ProducerHandle(TableRef table, Intake<T> intake, Acknowledgements acknowledgements, BatcherListener listener,
            BatcherCounters state, ByteBudget budget, Duration maxBlock) {
        this.budget = budget;
        this.table = table;
        this.intake = intake;
        this.acknowledgements = acknowledgements;
        this.listener = listener;
        this.state = state;
        this.maxBlock = maxBlock;
        this.maxBlockNanos = maxBlock.toNanos();
    }

    @Override
    public void insert(T row) {
        accepted(append(row, maxBlockNanos), 1);
    }

    @Override
    public CompletionStage<FlushStats> submit(T row) {
        long position = append(row, maxBlockNanos);
        if (position < 0) {
            accepted(position, 1);
        }
        // registered before any wait for durability, so the stage cannot miss its batch's outcome
        CompletionStage<FlushStats> stage = acknowledgements.add(position);
        accepted(position, 1);
        return stage;
    }

    @Override
    public boolean tryInsert(T row) {
        long position = append(row, 0);
        if (position == Intake.FULL || position == Intake.OVER_BUDGET) {
            listener.rowsShed(table, 1);
            return false;
        }
        accepted(position, 1);
        return true;
    }

    @Override
    public void insertMany(Collection<? extends T> rows) {
        Objects.requireNonNull(rows, "rows");
        int size = rows.size();
        if (size == 0) {
            return;
        }
        long position;
        try {
            position = intake.appendAll(rows, maxBlockNanos);
        } catch (InterruptedException e) {
            throw interrupted(e, size);
        }
        accepted(position, size);
    }

    @Override
    public CompletableFuture<FlushStats> flush() {
        CompletableFuture<FlushStats> result = new CompletableFuture<>();
        if (!intake.flush(result)) {
            result.completeExceptionally(closed());
        }
        return result;
    }

    @Override
    public int queuedRows() {
        return intake.queuedRows();
    }

    @Override
    public TableRef table() {
        return table;
    }

    private long append(T row, long timeoutNanos) {
        try {
            return intake.append(row, timeoutNanos);
        } catch (InterruptedException e) {
            throw interrupted(e, 1);
        }
    }

    private ClickTypeBatchException interrupted(InterruptedException e, int rows) {
        Thread.currentThread().interrupt();
        return new ClickTypeBatchException("interrupted while waiting for room in the " + intake.name() + " of "
                + table + "; " + (rows == 1 ? "the row was not accepted" : "none of the " + rows + " rows was accepted"), e);
    }

    private void accepted(long position, int rows) {
        if (position == Intake.FULL) {
            listener.rowsTimedOut(table, rows);
            throw intake.full(rows, maxBlock);
        }
        if (position == Intake.OVER_BUDGET) {
            listener.rowsTimedOut(table, rows);
            throw new BatchQueueFullException("the memory budget shared by every batcher ("
                    + mib(budget.max()) + " MiB, clicktype.batch.memory.max / MemoryBudget; " + mib(budget.used())
                    + " MiB in use) stayed full for maxBlock " + maxBlock + "; " + rows + " row(s) for " + table
                    + " not accepted. ClickHouse is not keeping up or is unreachable: retry later, use tryInsert to "
                    + "shed load, turn on the disk spill so that failed batches leave the heap, or raise the budget / "
                    + "maxBlock");
        }
        if (position == Intake.CLOSED) {
            throw closed();
        }
        listener.rowsAccepted(table, rows);
        intake.accepted(position, maxBlock);
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    private BatcherClosedException closed() {
        return state.closedException(table);
    }
}
