package io.clicktype.batch.startup;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.Deduplication;
import io.clicktype.batch.InsertMode;
import io.clicktype.batch.SchemaMismatchException;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableDelivery;
import io.clicktype.batch.spi.TableEngine;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.ValidationMode;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.schema.SchemaGuard;
import io.clicktype.batch.transport.cluster.DistributedEngine;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code Batcher} decides once, at start, before any row is accepted: the row type's mapping against
 * the live table, whether batches carry deduplication tokens, what a retried batch does to the table, and the
 * settings of the insert mode. Everything here that can be checked at start is, so that no accepted row is
 * dropped later for a reason knowable earlier.
 *
 * @param <T> the row type
 */
public final class BatcherStartup<T> {

    /** Under the batcher's name, beside its other start-up and drift lines, where users look for them. */
    private static final Logger LOG = LoggerFactory.getLogger("io.clicktype.batch.Batcher");

    private final Class<T> rowType;
    private final ClickHouseTransport transport;
    private final BatchConfig config;
    private final List<TableColumn> columns;
    /** The last engine read by {@link #engine}, with the table it was read for. */
    private EngineRead engineRead;
    private volatile List<String> mismatchesAtStart = List.of();

    /** @param columns the table's columns given to the builder, or {@code null}: read them from the table */
    public BatcherStartup(Class<T> rowType, ClickHouseTransport transport, BatchConfig config, List<TableColumn> columns) {
        this.rowType = rowType;
        this.transport = transport;
        this.config = config;
        this.columns = columns;
    }

    /**
     * Refuses at start a column list that no insert could carry — none, an empty or a repeated name
     * (ClickHouse has no empty identifier and refuses a column twice) — instead of accepting rows
     * and losing them at the first flush. Any other name is quoted when sent ({@link TableRef#quote}).
     */
    public static void requireInsertableColumns(RowMapping<?> mapping) {
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
    public boolean deduplicate(TableRef target) {
        Deduplication mode = config.deduplication();
        if (mode == Deduplication.OFF) {
            return false;
        }
        ServerInfo server;
        try {
            server = transport.serverInfo();
        } catch (TransportException e) {
            if (mode == Deduplication.ON) {
                throw e;
            }
            LOG.warn("Could not ask ClickHouse whether it supports insert_deduplication_token ({}); retries and "
                    + "replays of {} are at-least-once until the batcher is restarted", e.getMessage(), target);
            return false;
        }
        if (server.supportsDeduplicationToken()) {
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
     * What a batch sent again does to this table ({@link DeliveryPolicy}); with {@code deduplication=ON},
     * anything but exactly-once refuses the start.
     *
     * @throws IllegalStateException with the reason and the fix, for {@code deduplication=ON}
     */
    public TableDelivery assessDelivery(TableRef target, boolean tokens) {
        TableEngine engine;
        ServerInfo server;
        try {
            server = transport.serverInfo();
            engine = engine(target);
        } catch (TransportException e) {
            server = null;
            engine = null;
        }
        TableDelivery assessed = DeliveryPolicy.assess(target, engine, server, tokens, config.deduplication(),
                config.insertMode());
        if (config.deduplication() == Deduplication.ON && !assessed.exactlyOnce()) {
            throw new IllegalStateException("deduplication=ON for " + target + ", but a retried batch would be "
                    + "stored twice: " + assessed.reason() + (assessed.fix() == null ? "" : ". To fix: " + assessed.fix())
                    + "; or set deduplication to AUTO (clicktype.batch.deduplication=auto) to accept at-least-once");
        }
        return assessed;
    }

    /**
     * How many inserts of the table run at once ({@link InsertConcurrency}): the configured number, or decided from
     * its engine; a warning logged when the configured number risks the order an engine depends on.
     */
    public InsertConcurrency.Decision insertConcurrency(TableRef target) {
        TableEngine engine;
        try {
            engine = engine(target);
        } catch (TransportException | UnsupportedOperationException e) {
            engine = null;
        }
        ServerInfo server = serverInfo();
        InsertConcurrency.Decision decision = InsertConcurrency.decide(engine, localEngine(target, engine),
                config.insertsInFlight(), server == null ? null : server.supportsFormat(SchemaGuard.TYPED_FORMAT));
        if (decision.warning() != null) {
            LOG.warn("{}: {}", target, decision.warning());
        }
        return decision;
    }

    /**
     * For a {@code Distributed} table, the engine of the local table its inserts are forwarded to (on this node; the
     * shards hold the same table); {@code null} for another engine, or when it cannot be read.
     */
    private TableEngine localEngine(TableRef target, TableEngine engine) {
        DistributedEngine distributed = engine == null ? null : DistributedEngine.parse(engine.definition());
        if (distributed == null) {
            return null;
        }
        try {
            return transport.tableEngine(distributed.localTable(target, engine.database()));
        } catch (TransportException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether the table was read at start: with {@link ValidationMode#OFF} rows are encoded for pins and defaults. */
    public boolean readsTableAtStart() {
        return config.validation() != ValidationMode.OFF;
    }

    /** The table's engine, read once per start. */
    private TableEngine engine(TableRef target) {
        EngineRead read = engineRead;
        if (read == null || !read.table().equals(target)) {
            read = new EngineRead(target, transport.tableEngine(target));
            engineRead = read;
        }
        return read.engine();
    }

    /** An engine as read from the server, and the table it belongs to. */
    private record EngineRead(TableRef table, TableEngine engine) {
    }

    /**
     * The settings every insert of {@link InsertMode#ASYNC} carries; none for {@link InsertMode#SYNC} (the
     * transport sends {@code async_insert=0} itself).
     *
     * @throws IllegalStateException when the server is known not to have async inserts
     */
    public Map<String, String> insertModeSettings(TableRef target, boolean deduplicate) {
        if (config.insertMode() == InsertMode.SYNC) {
            return Map.of();
        }
        try {
            ServerInfo server = transport.serverInfo();
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

    /**
     * The row type's mapping against the live table (read unless validation is OFF or the columns were given).
     *
     * @throws SchemaMismatchException in {@link ValidationMode#FAIL} when the row type does not match
     */
    public RowMapping<T> map() {
        TableRef target = RowMappings.tableOf(rowType);
        ValidationMode mode = config.validation();
        List<TableColumn> live = columns != null ? columns
                : mode == ValidationMode.OFF ? null : transport.describeTable(target);
        ServerInfo server = serverInfo();
        String timeZone = server == null ? null : server.timeZone();
        if (timeZone == null) {
            LOG.warn("Could not read ClickHouse's time zone at the start of {}: LocalDateTime values for DateTime "
                    + "columns without a zone of their own are read as UTC until the batcher is restarted; give such "
                    + "columns a zone (DateTime('Europe/Berlin')) or use Instant", target);
        }
        // the server's types also when the table is not read: a pin naming a type the server lacks is refused at start
        RowMapping<T> mapping = RowMappings.create(rowType, live, server == null ? null : server.supportedTypes(),
                timeZone);
        mismatchesAtStart = mapping.mismatches();
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

    /** The row type's mismatches with the table found by {@link #map()} (kept in {@link ValidationMode#WARN}). */
    public List<String> mismatchesAtStart() {
        return mismatchesAtStart;
    }

    /** What the server is (type families for advice, time zone for LocalDateTime); {@code null} if it cannot tell. */
    public ServerInfo serverInfo() {
        try {
            return transport.serverInfo();
        } catch (TransportException | UnsupportedOperationException e) {
            return null;
        }
    }
}
