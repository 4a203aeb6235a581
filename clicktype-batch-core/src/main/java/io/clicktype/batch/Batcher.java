package io.clicktype.batch;

import io.clicktype.batch.mapping.RowMapping;
import java.util.Objects;

/**
 * Turns a high, uneven stream of rows of one {@link ClickTable} type into few, large RowBinary
 * inserts: one background worker per table, a bounded queue in front of it.
 *
 * <pre>{@code
 * Batcher<PageView> batcher = Batcher.builder(PageView.class)
 *         .transport(ClickHouseTransport.clientV2(connection))
 *         .config(BatchConfig.defaults())
 *         .build();
 * BatcherHandle<PageView> handle = batcher.start();   // validates the schema, starts the worker
 * handle.insert(view);                                 // from any thread
 * batcher.close();                                     // drains, flushes, stops
 * }</pre>
 *
 * <p>Thread-safe. {@link #start()} and {@link #close()} are idempotent.
 *
 * @param <T> the row type
 */
public final class Batcher<T> implements AutoCloseable {

    // Implementation: engine helper (io.clicktype.batch.engine). Public surface fixed here.

    private final Builder<T> spec;

    private Batcher(Builder<T> spec) {
        this.spec = spec;
    }

    /** Starts a builder for rows of {@code rowType}, which must be annotated {@link ClickTable}. */
    public static <T> Builder<T> builder(Class<T> rowType) {
        return new Builder<>(rowType);
    }

    /**
     * Reads the live table (unless validation is OFF), checks the row type against it, and starts
     * the worker.
     *
     * @return the handle to insert through
     * @throws SchemaMismatchException in {@link ValidationMode#FAIL} when the row type does not match
     * @throws TransportException      when the table cannot be described
     */
    public BatcherHandle<T> start() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The handle of a started batcher. @throws IllegalStateException before {@link #start()} */
    public BatcherHandle<T> handle() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Stops intake, drains the queue, flushes, and waits up to {@code shutdownTimeout}; a batch that
     * could not be sent by then goes to the {@link FailedBatchHandler}. Later inserts throw
     * {@link BatcherClosedException}.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The target table. */
    public TableRef table() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The configuration in force. */
    public BatchConfig config() {
        return spec.config;
    }

    /**
     * Builds a {@link Batcher}; every setter checks its argument at once.
     *
     * @param <T> the row type
     */
    public static final class Builder<T> {
        private final Class<T> rowType;
        private ClickHouseTransport transport;
        private BatchConfig config = BatchConfig.defaults();
        private BatcherListener listener = BatcherListener.NOOP;
        private FailedBatchHandler failedBatchHandler;
        private RowMapping<T> mapping;

        private Builder(Class<T> rowType) {
            this.rowType = Objects.requireNonNull(rowType, "rowType");
        }

        /** The transport to send inserts through (required). */
        public Builder<T> transport(ClickHouseTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Batching configuration; defaults to {@link BatchConfig#defaults()}. */
        public Builder<T> config(BatchConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Receives every figure the batcher produces; defaults to a no-op. */
        public Builder<T> listener(BatcherListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Takes batches that could not be written; defaults to logging them at ERROR and counting them lost. */
        public Builder<T> failedBatchHandler(FailedBatchHandler handler) {
            this.failedBatchHandler = Objects.requireNonNull(handler, "failedBatchHandler");
            return this;
        }

        /**
         * Uses a ready mapping instead of deriving one from the annotations and the live table;
         * for tests and hand-written encoders. Schema validation is then skipped.
         */
        public Builder<T> mapping(RowMapping<T> mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Builds a batcher that is not started yet. @throws IllegalStateException without a transport */
        public Batcher<T> build() {
            if (transport == null) {
                throw new IllegalStateException("Batcher for " + rowType.getName() + " needs a transport");
            }
            return new Batcher<>(this);
        }
    }
}
