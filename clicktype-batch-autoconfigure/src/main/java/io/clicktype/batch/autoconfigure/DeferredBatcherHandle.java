package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link BatcherHandle} bean: injectable before the batcher starts (batchers start after every
 * bean exists), and forwarding to the started batcher's handle.
 *
 * @param <T> the row type
 */
final class DeferredBatcherHandle<T> implements BatcherHandle<T> {

    private final Batcher<T> batcher;
    private volatile BatcherHandle<T> started;

    DeferredBatcherHandle(Batcher<T> batcher) {
        this.batcher = batcher;
    }

    private BatcherHandle<T> delegate() {
        BatcherHandle<T> handle = started;
        if (handle == null) {
            handle = batcher.handle();
            started = handle;
        }
        return handle;
    }

    @Override
    public void insert(T row) {
        delegate().insert(row);
    }

    @Override
    public CompletionStage<FlushStats> submit(T row) {
        return delegate().submit(row);
    }

    @Override
    public boolean tryInsert(T row) {
        return delegate().tryInsert(row);
    }

    @Override
    public void insertMany(Collection<? extends T> rows) {
        delegate().insertMany(rows);
    }

    @Override
    public CompletableFuture<FlushStats> flush() {
        return delegate().flush();
    }

    @Override
    public int queuedRows() {
        return started == null ? 0 : started.queuedRows();
    }

    @Override
    public TableRef table() {
        return batcher.table();
    }

    @Override
    public String toString() {
        return "BatcherHandle[" + batcher.table() + "]";
    }
}
