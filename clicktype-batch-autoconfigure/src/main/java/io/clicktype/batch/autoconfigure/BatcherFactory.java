package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FailedBatchHandler;
import io.clicktype.batch.MemoryBudget;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.util.List;

/**
 * Builds the {@link Batcher} of one {@code @ClickTable} type from the application's transport,
 * configuration, listeners and failed-batch handler. Not started: {@link BatcherLifecycle} starts it.
 */
public class BatcherFactory {

    private final ClickHouseTransport transport;
    private final BatchConfigFactory configs;
    private final BatcherListener listener;
    private final FailedBatchHandler failedBatchHandler;
    private final List<BatcherBuilderCustomizer> customizers;
    private final MemoryBudget memoryBudget;

    /**
     * @param listeners          every {@link BatcherListener} bean, all notified
     * @param failedBatchHandler the handler bean, or {@code null} for the default (log and count as lost)
     * @param customizers        every {@link BatcherBuilderCustomizer} bean, in order
     */
    public BatcherFactory(ClickHouseTransport transport, BatchConfigFactory configs, List<BatcherListener> listeners,
            FailedBatchHandler failedBatchHandler, List<BatcherBuilderCustomizer> customizers) {
        this(transport, configs, listeners, failedBatchHandler, customizers, MemoryBudget.jvmDefault());
    }

    /**
     * @param listeners          every {@link BatcherListener} bean, all notified
     * @param failedBatchHandler the handler bean, or {@code null} for the default (log and count as lost)
     * @param customizers        every {@link BatcherBuilderCustomizer} bean, in order
     * @param memoryBudget       the budget every batcher of the application shares
     */
    public BatcherFactory(ClickHouseTransport transport, BatchConfigFactory configs, List<BatcherListener> listeners,
            FailedBatchHandler failedBatchHandler, List<BatcherBuilderCustomizer> customizers,
            MemoryBudget memoryBudget) {
        this.memoryBudget = memoryBudget;
        this.transport = transport;
        this.configs = configs;
        this.listener = BatcherListener.composite(listeners);
        this.failedBatchHandler = failedBatchHandler;
        this.customizers = List.copyOf(customizers);
    }

    /** A batcher for {@code rowType} with the configuration of its table. */
    public <T> Batcher<T> create(Class<T> rowType) {
        TableRef table = TableRef.forRowType(rowType);
        Batcher.Builder<T> builder = Batcher.builder(rowType).transport(transport)
                .config(configs.forTable(table.table())).listener(listener).memoryBudget(memoryBudget)
                // BatcherLifecycle closes batchers in order at context close; no hook of their own.
                .closeOnJvmExit(false);
        if (failedBatchHandler != null) {
            builder.failedBatchHandler(failedBatchHandler);
        }
        for (BatcherBuilderCustomizer customizer : customizers) {
            customizer.customize(table, builder);
        }
        return builder.build();
    }
}
