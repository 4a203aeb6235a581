package io.clicktype.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link BatcherHandle} that keeps every row in memory instead of sending it: for unit tests of code that
 * inserts (a controller, a consumer, a service), with no ClickHouse and no batcher. {@link #rows()} says what was
 * inserted; {@link #failWith} makes the next inserts throw what a real handle would ({@link RowRejectedException},
 * {@link BatchQueueFullException}, {@link BatcherClosedException}) to test how the caller handles it.
 *
 * <p>It does not check rows against a table: that needs the live table, so test it with a real server
 * (clicktype-batch-test, docs/testing.md). Every call completes at once; {@link #flush()} and {@link #submit}
 * return completed stages. Thread-safe.
 *
 * @param <T> the row type
 */
public final class RecordingBatcherHandle<T> implements BatcherHandle<T> {

    private final TableRef table;
    private final List<T> rows = new ArrayList<>();
    private long unflushedRows;
    private RuntimeException failure;

    /** A handle for {@code table}. */
    public RecordingBatcherHandle(TableRef table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** A handle for the table of a {@code @ClickTable} type. */
    public static <T> RecordingBatcherHandle<T> forRowType(Class<T> rowType) {
        return new RecordingBatcherHandle<>(TableRef.forRowType(rowType));
    }

    /**
     * Makes every following insert throw {@code failure} (and {@link #tryInsert} return {@code false} for a
     * {@link BatchQueueFullException}, as a full queue does), until {@code failWith(null)}.
     */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** A copy of every row accepted so far, in order. */
    public synchronized List<T> rows() {
        return List.copyOf(rows);
    }

    /** Forgets the rows accepted so far. */
    public synchronized void clear() {
        rows.clear();
        unflushedRows = 0;
    }

    @Override
    public synchronized void insert(T row) {
        accept(List.of(row));
    }

    @Override
    public synchronized CompletionStage<FlushStats> submit(T row) {
        accept(List.of(row));
        return CompletableFuture.completedFuture(new FlushStats(1, 0, Duration.ZERO, Duration.ZERO,
                FlushTrigger.EXPLICIT, 1));
    }

    @Override
    public synchronized boolean tryInsert(T row) {
        if (failure instanceof BatchQueueFullException) {
            return false;
        }
        accept(List.of(row));
        return true;
    }

    @Override
    public synchronized void insertMany(Collection<? extends T> rows) {
        accept(rows);
    }

    /** Completes at once with the rows accepted since the last flush. */
    @Override
    public synchronized CompletableFuture<FlushStats> flush() {
        FlushStats stats = unflushedRows == 0 ? FlushStats.empty(FlushTrigger.EXPLICIT)
                : new FlushStats(unflushedRows, 0, Duration.ZERO, Duration.ZERO, FlushTrigger.EXPLICIT, 1);
        unflushedRows = 0;
        return CompletableFuture.completedFuture(stats);
    }

    /** Always 0: rows are recorded at once. */
    @Override
    public int queuedRows() {
        return 0;
    }

    @Override
    public TableRef table() {
        return table;
    }

    private void accept(Collection<? extends T> accepted) {
        if (failure != null) {
            throw failure;
        }
        for (T row : accepted) {
            rows.add(Objects.requireNonNull(row, "row"));
        }
        unflushedRows += accepted.size();
    }
}
