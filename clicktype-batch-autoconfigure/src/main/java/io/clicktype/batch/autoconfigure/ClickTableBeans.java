package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;

/**
 * The factory methods behind the beans {@link ClickTableBatcherRegistrar} registers. Static factory methods
 * with plain arguments (the row type, the factory bean, the batcher bean) rather than instance suppliers,
 * so that Spring AOT can write the bean definitions out as code. Not API.
 */
public final class ClickTableBeans {

    private ClickTableBeans() {
    }

    /** The {@code <table>Batcher} bean. */
    public static <T> Batcher<T> batcher(Class<T> rowType, BatcherFactory factory) {
        return factory.create(rowType);
    }

    /** The {@code <table>BatcherHandle} bean: a handle usable before the batcher starts. */
    public static <T> BatcherHandle<T> handle(Batcher<T> batcher) {
        return new DeferredBatcherHandle<>(batcher);
    }
}
