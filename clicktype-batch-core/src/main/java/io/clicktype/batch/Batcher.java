package io.clicktype.batch;

import io.clicktype.batch.engine.Pipeline;
import io.clicktype.batch.startup.FormatChoice;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.startup.BatcherStartup;
import io.clicktype.batch.startup.InsertConcurrency;
import io.clicktype.batch.startup.SchemaDriftWatch;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a high, uneven stream of rows of one {@link ClickTable} type into few, large RowBinary
 * inserts: one background worker per table, a bounded queue in front of it.
 *
 * <pre>{@code
 * Batcher<PageView> batcher = Batcher.builder(PageView.class)
 *         .transport(ClickHouseTransports.clientV2(connection))
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

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    private final Builder<T> spec;
    private Pipeline<T> engine;
    private TableRef table;
    private TableDelivery delivery;
    private InsertConcurrency.Decision concurrency;
    private Thread exitHook;
    /** Set at start: what the table changed into when an insert fails because it no longer fits. */
    private volatile SchemaDriftWatch<T> drift;
    private boolean closed;

    private Batcher(Builder<T> spec) {
        this.spec = spec;
    }

    /** Starts a builder for rows of {@code rowType}, which must be annotated {@link ClickTable}. */
    public static <T> Builder<T> builder(Class<T> rowType) {
        return new Builder<>(rowType);
    }

    /**
     * Reads the live table (unless validation is OFF), checks the row type against it, and starts
     * the worker. Idempotent.
     *
     * @return the handle to insert through
     * @throws SchemaMismatchException in {@link ValidationMode#FAIL} when the row type does not match
     * @throws TransportException      when the table cannot be described
     * @throws IllegalStateException   after {@link #close()}
     */
    public synchronized BatcherHandle<T> start() {
        if (closed) {
            throw new IllegalStateException("Batcher for " + spec.rowType.getName() + " was closed; build a new one");
        }
        if (engine == null) {
            BatcherStartup<T> startup = new BatcherStartup<>(spec.rowType, spec.transport, spec.config, spec.columns);
            RowMapping<T> mapping = spec.mapping != null ? spec.mapping : startup.map();
            BatcherStartup.requireInsertableColumns(mapping);
            table = mapping.table();
            boolean deduplicate = startup.deduplicate(table);
            delivery = startup.assessDelivery(table, deduplicate);
            concurrency = startup.insertConcurrency(table);
            SchemaDriftWatch<T> watch = new SchemaDriftWatch<>(spec.rowType, spec.transport, startup,
                    () -> engine == null ? 0 : engine.stats().flushes());
            TableRef target = table;
            engine = new Pipeline<>(table, mapping.encoder(),
                    FormatChoice.encoder(mapping, spec.config.format(), startup.serverInfo()), spec.transport,
                    spec.config, spec.listener,
                    spec.failedBatchHandler, deduplicate, startup.insertModeSettings(table, deduplicate),
                    mapping.columnTypes(), spec.mapping == null ? cause -> watch.check(target, cause) : null,
                    spec.config.wal().directory().resolve(DiskSpill.fileNamePart(table)), spec.memoryBudget.bytes(),
                    concurrency.insertsInFlight());
            drift = watch;
            engine.start();
            if (spec.closeOnJvmExit) {
                exitHook = new Thread(this::closeAtJvmExit, "clicktype-batch-" + table + "-exit");
                Runtime.getRuntime().addShutdownHook(exitHook);
                engine.stats(); // loads the classes the hook's report of lost rows needs, while they still can be

            }
            LOG.info("Batcher for {} started: columns {}, maxRows {}, maxBufferSize {} bytes, maxWait {} (a batch of "
                    + "fewer than minRows {} rows waits up to maxLinger {}), inserts in flight {} ({}), durability {}; "
                    + "retries and replays are {}", table, mapping.encoder().columnNames(), spec.config.maxRows(),
                    spec.config.maxBufferSize(), spec.config.maxWait(), spec.config.minRows(),
                    spec.config.maxLinger(), concurrency.insertsInFlight(), concurrency.reason(), durability(),
                    delivery.describe());
        }
        return engine.handle();
    }

    /**
     * What the table changed into, when an insert failed because it no longer fits the row type (a column
     * dropped, a type changed): the schema mismatches found by reading it again right then. Empty when no
     * such failure happened, or a batch has been acknowledged since.
     */
    public List<String> schemaDrift() {
        SchemaDriftWatch<T> watch = drift;
        return watch == null ? List.of() : watch.current();
    }

    /**
     * Why a thread of this batcher is down, empty while both work: its worker died (with a write-ahead log it does not
     * restart: the rows stay in the log for the next start) or failed and waits to restart (memory: after a back-off
     * of 1 s, doubling up to 30 s), or its sender failed unexpectedly and has not had a batch acknowledged since. The
     * starter's health reports the table DOWN with it. Empty before {@link #start()}.
     */
    public synchronized java.util.Optional<String> threadFault() {
        return engine == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(engine.threadFault());
    }

    /**
     * How many inserts of this table run at once: {@link BatchConfig#insertsInFlight()} as configured, or as decided
     * at {@link #start()} from the table's engine when it was {@link BatchConfig#INSERTS_IN_FLIGHT_AUTO}.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized int insertsInFlight() {
        if (concurrency == null) {
            throw new IllegalStateException("Batcher for " + spec.rowType.getName() + " is not started; call start()");
        }
        return concurrency.insertsInFlight();
    }

    /**
     * What a retry or replay of a batch that had landed does to this table: exactly-once or at-least-once,
     * why, and the fix; decided at {@link #start()}.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized TableDelivery delivery() {
        if (delivery == null) {
            throw new IllegalStateException("Batcher for " + spec.rowType.getName() + " is not started; call start()");
        }
        return delivery;
    }

    /** The handle of a started batcher. @throws IllegalStateException before {@link #start()} */
    public synchronized BatcherHandle<T> handle() {
        if (engine == null) {
            throw new IllegalStateException("Batcher for " + spec.rowType.getName() + " is not started; call start()");
        }
        return engine.handle();
    }

    /**
     * A snapshot of queue depth, totals and the last flush outcome, for health checks.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized BatcherStats stats() {
        if (engine == null) {
            throw new IllegalStateException("Batcher for " + spec.rowType.getName() + " is not started; call start()");
        }
        return engine.stats();
    }

    /**
     * The write-ahead log's figures (log bytes, segments, fsyncs, replayed rows, torn records), empty with
     * {@link Durability#MEMORY}.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized java.util.Optional<WalStats> walStats() {
        if (engine == null) {
            throw new IllegalStateException("Batcher for " + spec.rowType.getName() + " is not started; call start()");
        }
        return java.util.Optional.ofNullable(engine.walStats());
    }

    /** Whether the batcher was started and not closed, and its worker is alive. */
    public synchronized boolean isRunning() {
        return engine != null && engine.stats().running();
    }

    /**
     * Stops intake, drains the queue, flushes, and waits up to {@code shutdownTimeout}; a batch that
     * could not be sent by then goes to the {@link FailedBatchHandler}. Later inserts throw
     * {@link BatcherClosedException}. Idempotent; does not close the transport.
     */
    @Override
    public void close() {
        Pipeline<T> running;
        Thread hook;
        synchronized (this) {
            closed = true;
            running = engine;
            hook = exitHook;
            exitHook = null;
        }
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs (or ran) and finds this batcher closed
            }
        }
        if (running != null) {
            running.close();
        }
    }

    private String durability() {
        return spec.config.durability() == Durability.MEMORY ? "memory" : "wal (fsync "
                + spec.config.wal().fsync().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + engine.walStats().directory() + ")";
    }

    /** Without this, a program that returns from main without close() loses every row still queued. */
    private void closeAtJvmExit() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        Throwable failure = null;
        try {
            LOG.warn("The JVM is exiting and the Batcher for {} was not closed: closing it now (drain and flush within "
                    + "shutdownTimeout {}); call close() to decide when", table, spec.config.shutdownTimeout());
            close();
        } catch (Throwable e) {
            failure = e;
        }
        long pending = undeliveredRows();
        boolean memory = spec.config.durability() == Durability.MEMORY;
        if (failure != null || (memory && pending != 0)) {
            reportLostAtJvmExit(failure, pending, memory);
        }
    }

    /**
     * Rows accepted and neither acknowledged nor handed over (those a dying thread already counted lost included: at
     * exit its own log line may not have been written); -1 when that cannot be read.
     */
    private long undeliveredRows() {
        try {
            BatcherStats stats = engine.stats();
            return stats.acceptedRows() - stats.flushedRows() - stats.failedRows();
        } catch (Throwable e) {
            return -1;
        }
    }

    /**
     * The hook could not deliver what the batcher held, typically because the program ran in a class loader that was
     * closed before shutdown hooks run ({@code mvn exec:java}): closing, or the batcher's threads, then fail on
     * classes that cannot be loaded any more, logging included. So the rows are reported on standard error, in a
     * line built only from {@code java.base} classes (a {@link StringBuilder}, not string concatenation), naming the
     * table, the count (readable because start() loaded what {@code stats()} needs), and the fix.
     */
    private void reportLostAtJvmExit(Throwable failure, long pending, boolean memory) {
        StringBuilder line = new StringBuilder(400).append("clicktype-batch: LOST ");
        if (pending >= 0) {
            line.append(pending).append(" rows");
        } else {
            line.append("an unknown number of rows");
        }
        line.append(" accepted for ").append(table)
                .append(memory ? " and not yet in ClickHouse: " : " and not yet in ClickHouse (they may still be in "
                        + "the write-ahead log, replayed at the next start): ")
                .append("the JVM is exiting, the batcher was not closed, and its shutdown hook could not deliver them (");
        if (failure != null) {
            line.append(failure);
        } else {
            line.append("a thread of the batcher failed, see above");
        }
        line.append("). Under `mvn exec:java` this is expected: it closes the program's class loader before shutdown "
                + "hooks run. Call close() on the batcher (try-with-resources) before main returns, or run the program "
                + "with `java -cp`.");
        System.err.println(line);
    }

    /** The target table. */
    public TableRef table() {
        return table != null ? table : spec.mapping != null ? spec.mapping.table() : RowMappings.tableOf(spec.rowType);
    }

    /** The row type. */
    public Class<T> rowType() {
        return spec.rowType;
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
        private MemoryBudget memoryBudget = MemoryBudget.jvmDefault();
        private boolean closeOnJvmExit = true;
        private RowMapping<T> mapping;
        private List<TableColumn> columns;

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

        /**
         * Whether a batcher still open when the JVM exits is closed by a shutdown hook, draining and flushing
         * within {@code shutdownTimeout} (default true; a WARN says close() was not called). A framework that
         * closes batchers itself (the Spring Boot starter) turns it off.
         */
        public Builder<T> closeOnJvmExit(boolean value) {
            this.closeOnJvmExit = value;
            return this;
        }

        /** Receives every figure the batcher produces; defaults to a no-op. */
        public Builder<T> listener(BatcherListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Takes batches that could not be written; without one they are logged at ERROR and counted as
         * lost rows.
         */
        public Builder<T> failedBatchHandler(FailedBatchHandler handler) {
            this.failedBatchHandler = Objects.requireNonNull(handler, "failedBatchHandler");
            return this;
        }

        /**
         * The memory budget this batcher shares with others (its queued rows, batch buffers and hand-over copies
         * count against it); defaults to {@link MemoryBudget#jvmDefault()}, shared by every batcher of the JVM.
         */
        public Builder<T> memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget, "memoryBudget");
            return this;
        }

        /**
         * Maps the row type against these columns, as the table has them ({@code system.columns} order),
         * instead of reading the live table at start: for a table that is not reachable at start, or a
         * schema known in advance. Validation then checks against them.
         */
        public Builder<T> columns(List<TableColumn> tableColumns) {
            this.columns = List.copyOf(Objects.requireNonNull(tableColumns, "tableColumns"));
            return this;
        }

        /** A ready mapping (a hand-written encoder), for this package's tests; schema validation is skipped. */
        Builder<T> mapping(RowMapping<T> mapping) {
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
