package io.clicktype.batch;

import io.clicktype.batch.engine.BatcherEngine;
import io.clicktype.batch.engine.DeliveryPolicy;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    private final Builder<T> spec;
    private BatcherEngine<T> engine;
    private TableRef table;
    private TableDelivery delivery;
    private Thread exitHook;
    /** What the last schema check after a failed insert found, and the flush count then. */
    private volatile SchemaDrift drift;

    private record SchemaDrift(List<String> mismatches, long flushesThen) {
    }
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
            RowMapping<T> mapping = spec.mapping != null ? spec.mapping : map();
            requireInsertableColumns(mapping);
            table = mapping.table();
            boolean deduplicate = deduplicate(table);
            delivery = assessDelivery(table, deduplicate);
            engine = new BatcherEngine<>(table, mapping.encoder(), spec.transport, spec.config, spec.listener,
                    spec.failedBatchHandler, deduplicate, insertModeSettings(table, deduplicate), mapping.columnTypes(),
                    spec.mapping == null ? this::checkSchemaAgain : null);
            engine.start();
            if (spec.closeOnJvmExit) {
                exitHook = new Thread(this::closeAtJvmExit, "clicktype-batch-" + table + "-exit");
                Runtime.getRuntime().addShutdownHook(exitHook);
            }
            LOG.info("Batcher for {} started: columns {}, maxRows {}, maxBufferSize {} bytes, maxWait {}; retries "
                    + "and replays are {}", table, mapping.encoder().columnNames(), spec.config.maxRows(),
                    spec.config.maxBufferSize(), spec.config.maxWait(), delivery.describe());
        }
        return engine.handle();
    }

    /**
     * Refuses at start a column list that no insert could carry — none, an empty or a repeated name
     * (ClickHouse has no empty identifier and refuses a column twice) — instead of accepting rows
     * and losing them at the first flush. Any other name is quoted when sent ({@link TableRef#quote}).
     */
    private static void requireInsertableColumns(RowMapping<?> mapping) {
        List<String> columns = mapping.encoder().columnNames();
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("Batcher for table `" + mapping.table() + "`: the encoder names no "
                    + "columns; map at least one column");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            if (column == null || column.isEmpty()) {
                throw new IllegalArgumentException("Batcher for table `" + mapping.table() + "`: column " + (i + 1)
                        + " of " + columns + " has no name; give it the name of its table column");
            }
            if (!seen.add(column)) {
                throw new IllegalArgumentException("Batcher for table `" + mapping.table() + "`: column `" + column
                        + "` is listed twice in " + columns + "; ClickHouse refuses an insert that names a column twice");
            }
        }
    }

    /** Whether to send deduplication tokens, per the configuration and what the server knows. */
    private boolean deduplicate(TableRef target) {
        Deduplication mode = spec.config.deduplication();
        if (mode == Deduplication.OFF) {
            return false;
        }
        ServerInfo server;
        try {
            server = spec.transport.serverInfo();
        } catch (TransportException e) {
            if (mode == Deduplication.ON) {
                throw e;
            }
            LOG.warn("Could not ask ClickHouse whether it supports insert_deduplication_token ({}); retries and "
                    + "replays of {} are at-least-once until the batcher is restarted", e.getMessage(), target);
            return false;
        }
        if (server.supportsSetting("insert_deduplication_token")) {
            return true;
        }
        if (mode == Deduplication.ON) {
            throw new IllegalStateException("deduplication=ON but ClickHouse " + server.version() + " has no "
                    + "insert_deduplication_token setting (added in 22.2): upgrade the server, or set deduplication to "
                    + "AUTO (at-least-once retries) for " + target);
        }
        return false;
    }

    /**
     * Called on the sender thread when a batch failed because the table no longer fits it: reads the table
     * again and reports what changed. The batch itself goes on to the failed-batch handler (kept).
     */
    private void checkSchemaAgain(RuntimeException cause) {
        TableRef target = table;
        List<TableColumn> live = spec.transport.describeTable(target);
        ServerInfo server = serverInfo();
        List<String> mismatches = RowMappings.create(spec.rowType, live, server == null ? null : server.supportedTypes(),
                server == null ? null : server.timeZone()).mismatches();
        List<String> found = mismatches.isEmpty()
                ? List.of("the insert failed as if the table had changed, but it matches " + spec.rowType.getSimpleName()
                        + " now: " + cause.getMessage())
                : mismatches;
        drift = new SchemaDrift(found, engine == null ? 0 : engine.stats().flushes());
        LOG.error("Table {} changed under the running batcher; its batches go to the failed-batch handler until it "
                + "fits again: {}", target, String.join(" | ", found));
    }

    /**
     * What the table changed into, when an insert failed because it no longer fits the row type (a column
     * dropped, a type changed): the schema mismatches found by reading it again right then. Empty when no
     * such failure happened, or a batch has been acknowledged since.
     */
    public List<String> schemaDrift() {
        SchemaDrift found = drift;
        BatcherEngine<T> running = engine;
        if (found == null || running == null || running.stats().flushes() > found.flushesThen()) {
            return List.of();
        }
        return found.mismatches();
    }

    /**
     * What a batch sent again does to this table ({@link DeliveryPolicy}); with {@code deduplication=ON},
     * anything but exactly-once refuses the start.
     *
     * @throws IllegalStateException with the reason and the fix, for {@code deduplication=ON}
     */
    private TableDelivery assessDelivery(TableRef target, boolean tokens) {
        TableEngine engine;
        ServerInfo server;
        try {
            server = spec.transport.serverInfo();
            engine = spec.transport.tableEngine(target);
        } catch (TransportException e) {
            server = null;
            engine = null;
        }
        TableDelivery assessed = DeliveryPolicy.assess(target, engine, server, tokens, spec.config.deduplication(),
                spec.config.insertMode());
        if (spec.config.deduplication() == Deduplication.ON && !assessed.exactlyOnce()) {
            throw new IllegalStateException("deduplication=ON for " + target + ", but a retried batch would be "
                    + "stored twice: " + assessed.reason() + (assessed.fix() == null ? "" : ". To fix: " + assessed.fix())
                    + "; or set deduplication to AUTO (clicktype.batch.deduplication=auto) to accept at-least-once");
        }
        return assessed;
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

    /**
     * The settings every insert of {@link InsertMode#ASYNC} carries; none for {@link InsertMode#SYNC} (the
     * transport sends {@code async_insert=0} itself).
     *
     * @throws IllegalStateException when the server is known not to have async inserts
     */
    private Map<String, String> insertModeSettings(TableRef target, boolean deduplicate) {
        if (spec.config.insertMode() == InsertMode.SYNC) {
            return Map.of();
        }
        try {
            ServerInfo server = spec.transport.serverInfo();
            if (!server.supportsSetting("async_insert")) {
                throw new IllegalStateException("insertMode=ASYNC for " + target + " but ClickHouse "
                        + server.version() + " has no async_insert setting (added in 21.11): set insertMode to SYNC "
                        + "(clicktype.batch.insert-mode=sync), or upgrade the server");
            }
        } catch (TransportException e) {
            LOG.warn("Could not ask ClickHouse whether it supports async_insert ({}); sending {} with "
                    + "insertMode=ASYNC anyway (a refused batch goes to the failed-batch handler)", e.getMessage(),
                    target);
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("async_insert", "1");
        settings.put("wait_for_async_insert", "1");
        if (deduplicate) {
            settings.put("async_insert_deduplicate", "1");
        }
        return settings;
    }

    private RowMapping<T> map() {
        TableRef target = RowMappings.tableOf(spec.rowType);
        ValidationMode mode = spec.config.validation();
        List<TableColumn> live = spec.columns != null ? spec.columns
                : mode == ValidationMode.OFF ? null : spec.transport.describeTable(target);
        ServerInfo server = serverInfo();
        String timeZone = server == null ? null : server.timeZone();
        if (timeZone == null) {
            LOG.warn("Could not read ClickHouse's time zone at the start of {}: LocalDateTime values for DateTime "
                    + "columns without a zone of their own are read as UTC until the batcher is restarted; give such "
                    + "columns a zone (DateTime('Europe/Berlin')) or use Instant", target);
        }
        RowMapping<T> mapping = RowMappings.create(spec.rowType, live, live == null || server == null ? null
                : server.supportedTypes(), timeZone);
        if (!mapping.mismatches().isEmpty()) {
            if (mode == ValidationMode.FAIL) {
                throw new SchemaMismatchException(target.toString(), mapping.mismatches());
            }
            for (String mismatch : mapping.mismatches()) {
                LOG.warn("Schema mismatch for {} (validation=WARN, starting anyway): {}", target, mismatch);
            }
        }
        return mapping;
    }

    /** What the server is (type families for advice, time zone for LocalDateTime); {@code null} if it cannot tell. */
    private ServerInfo serverInfo() {
        try {
            return spec.transport.serverInfo();
        } catch (TransportException | UnsupportedOperationException e) {
            return null;
        }
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
        BatcherEngine<T> running;
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

    /** Without this, a program that returns from main without close() loses every row still queued. */
    private void closeAtJvmExit() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        LOG.warn("The JVM is exiting and the Batcher for {} was not closed: closing it now (drain and flush within "
                + "shutdownTimeout {}); call close() to decide when", table, spec.config.shutdownTimeout());
        close();
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

        /** Receives every figure the batcher produces; defaults to a no-op. */
        /**
         * Whether a batcher still open when the JVM exits is closed by a shutdown hook, draining and flushing
         * within {@code shutdownTimeout} (default true; a WARN says close() was not called). A framework that
         * closes batchers itself (the Spring Boot starter) turns it off.
         */
        public Builder<T> closeOnJvmExit(boolean value) {
            this.closeOnJvmExit = value;
            return this;
        }

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
