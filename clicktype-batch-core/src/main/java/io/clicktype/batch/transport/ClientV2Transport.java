package io.clicktype.batch.transport;

import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClickHouseTransport} on the official ClickHouse Java client (client-v2) over HTTP(S); the
 * default transport, created by {@code ClickHouseTransports.clientV2(ConnectionConfig)}.
 *
 * <p>Works with ClickHouse 18.16 and newer: inserts are plain {@code INSERT INTO `t` (`c`, ...) FORMAT
 * RowBinary} with an explicit column list, every name quoted and escaped ({@link TableRef#quote(String)}) (omitted columns get their DEFAULT);
 * metadata is read from system tables in TabSeparated; server responses are never compressed (18.16
 * returns empty compressed bodies). See {@link ClientV2Factory} for the client settings, including
 * why the client's own retries are off, and {@link EndpointClients} for failover between endpoints.
 *
 * <p>Every failure is a {@link TransportException} whose {@code retryable} flag says whether the same
 * request can succeed later (see {@link FailureClassifier}); its message keeps the server's own text
 * and says what to do. Every request is bounded by the connect and socket timeouts.
 *
 * <p>Thread-safe: any number of batchers may share one instance. {@link #serverInfo()} is probed once
 * and cached after the first success. The password is never logged.
 */
public final class ClientV2Transport implements ClickHouseTransport {

    /** The server setting that routes an insert through the server's async-insert queue (22.x+). */
    static final String ASYNC_INSERT = "async_insert";

    /** The server setting that carries {@link InsertRequest#deduplicationToken()}. */
    static final String DEDUPLICATION_TOKEN = "insert_deduplication_token";

    /** The server setting (24.x+) that makes RowBinary read a JSON column's value as JSON text. */
    static final String JSON_AS_STRING = "input_format_binary_read_json_as_string";

    /** The input format that carries each column's type ahead of the rows. */
    static final String NAMES_AND_TYPES = "RowBinaryWithNamesAndTypes";

    private static final Logger LOG = LoggerFactory.getLogger(ClientV2Transport.class);

    private final ConnectionConfig connection;
    private final EndpointClients endpoints;
    /** Inserts and queries take turns for the pool's connections: batchers share it by design. */
    private final ConnectionTurns turns;
    private final QuotedColumns quotedColumns = new QuotedColumns();
    private final TableDescriber describer;
    private final long waitMillis;
    private final Object probeLock = new Object();
    private volatile ServerInfo serverInfo;
    private volatile boolean closed;

    private ClientV2Transport(ConnectionConfig connection) {
        this.connection = connection;
        this.endpoints = new EndpointClients(connection);
        this.turns = new ConnectionTurns(connection.maxConnections());
        this.describer = new TableDescriber(this::query, this::queryInSystemDatabase, connection.database());
        // The client runs requests on the calling thread and is bounded by its own timeouts; this is a
        // second bound in case a future ever completes elsewhere.
        this.waitMillis = ClientV2Factory.millis(connection.connectTimeout())
                + ClientV2Factory.millis(connection.socketTimeout()) + 1000;
    }

    /**
     * Creates a transport for the connection. Does not contact the server: a server that is down at
     * start-up shows as a retryable failure of the first request instead.
     *
     * @throws NullPointerException     when {@code connection} is null
     * @throws IllegalArgumentException when the client cannot be set up, e.g. the trust store cannot be read
     */
    public static ClientV2Transport create(ConnectionConfig connection) {
        Objects.requireNonNull(connection, "connection");
        ClientV2Transport transport = new ClientV2Transport(connection);
        LOG.debug("ClickHouse transport created for {} as user {}, database {}, request compression {}, "
                + "connect timeout {}, socket timeout {}", transport.endpoints.activeEndpoint(),
                connection.username(), connection.database(), connection.compressRequests(),
                connection.connectTimeout(), connection.socketTimeout());
        return transport;
    }

    /**
     * Sends the payload as one {@code INSERT ... FORMAT RowBinary} with the request's column list and
     * settings, and returns when the server has acknowledged it. At most {@code maxConnections - 2} inserts run at
     * once through one transport; later ones wait their turn, in order and without a timeout ({@link ConnectionTurns}). Does not keep the payload array. Where
     * the server knows {@code async_insert} and the request does not set it, the insert is sent with
     * {@code async_insert=0}: synchronous, written when acknowledged, deduplicated by its token.
     *
     * @throws TransportException not retryable for an empty column list or name (before anything is sent), an
     *                            unknown table or column, a type or data error, a rejected setting or
     *                            credentials; retryable for unreachable servers, timeouts and overload
     */
    @Override
    public void insert(InsertRequest request) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        TableRef table = request.table();
        List<String> columns = quotedColumns.quote(table, request.columns());
        byte[] payload = request.payload();
        int length = request.length();
        if (payload == null || length < 0 || length > payload.length) {
            throw TransportException.notRetryable("insert into " + table + ": payload length " + length
                    + " is outside the "
                    + "payload array [not retryable]. To fix: report this bug.");
        }
        InsertSettings settings = insertSettings(table, request.settings());
        if (request.deduplicationToken() != null) {
            settings.serverSetting(DEDUPLICATION_TOKEN, request.deduplicationToken());
        }
        Map<String, String> requested = request.settings();
        if ((requested == null || !requested.containsKey(ASYNC_INSERT)) && serverInfo().supportsSetting(ASYNC_INSERT)) {
            // Our batches are already batched: without this, a 26.3+ server (async_insert=1 by default) would
            // queue them in its own async-insert buffer, ignore their deduplication tokens
            // (async_insert_deduplicate=0) and answer only after its busy timeout.
            settings.serverSetting(ASYNC_INSERT, "0");
        }
        if ((requested == null || !requested.containsKey(JSON_AS_STRING)) && serverInfo().supportsSetting(JSON_AS_STRING)) {
            // JSON columns are written as their text (JsonWriter); without this a current server would read those
            // bytes as its binary JSON encoding. It changes nothing for other types, and replays carry it too.
            settings.serverSetting(JSON_AS_STRING, "1");
        }
        if (request.format() == BatchFormat.NATIVE && !serverInfo().checksNativeTypes()) {
            // The batcher never encodes Native for such a server (FormatChoice), but a spill file written while the
            // table was on a newer one may meet it (a downgrade, a failover to an older replica): such a server
            // stores a Native column whose type differs from the table's unchecked, or dies (18.16, measured).
            throw TransportException.notRetryable("insert into " + table + ": the batch is a Native block, and "
                    + "ClickHouse "
                    + serverInfo().version() + " does not check a Native block's column types against the table's "
                    + "(no " + ServerInfo.NATIVE_TYPES_CONVERSION + "), so its rows could be stored misread [not retryable]. To fix: "
                    + "replay it against ClickHouse 23.x or later (the spill file in rejected/ names its format); "
                    + "batches encoded for this server are RowBinary.");
        }
        if (request.format() == BatchFormat.NATIVE && (requested == null || !requested.containsKey(ServerInfo.NATIVE_TYPES_CONVERSION))) {
            // A Native block declares each column's type (the live table's at start). Where the table's type has
            // changed since, the server would convert the block's column (Int32 values stored as the strings "42")
            // by default; with this off it refuses the insert (TYPE_MISMATCH, "Cannot convert: Int32 to String"),
            // as RowBinaryWithNamesAndTypes does, and the batcher converts the block (ValueConversions) or keeps it
            // (schema.SchemaGuard). LowCardinality columns still take their plain type's column (measured on 26.7).
            settings.serverSetting(ServerInfo.NATIVE_TYPES_CONVERSION, "0");
        }
        String target = table.quoted();
        String operation = "insert of " + request.rows() + " rows into " + table;
        // With names and types the server checks each column's type against the table's (and converts where
        // it can) instead of reading our bytes as whatever the column is now: no misread rows after an ALTER.
        // A Native block names and types its columns itself (the server converts them to the table's, or refuses).
        boolean nativeBlock = request.format() == BatchFormat.NATIVE;
        byte[] header = !nativeBlock && request.namesAndTypes() != null && serverInfo().supportsFormat(NAMES_AND_TYPES)
                ? request.namesAndTypes() : null;
        ClickHouseFormat format = nativeBlock ? ClickHouseFormat.Native
                : header != null ? ClickHouseFormat.RowBinaryWithNamesAndTypes : ClickHouseFormat.RowBinary;
        turns.enterInsert(operation);
        try {
            endpoints.call(operation, table.toString(), client -> {
                InsertResponse response = await(client.insert(target, columns, new PayloadWriter(header, payload,
                        length), format, settings));
                response.close();
                return null;
            });
        } finally {
            turns.leaveInsert();
        }
    }

    /**
     * Reads the table's engine, {@code engine_full} and whether views depend on it from {@code system.tables} (18.16
     * and current servers alike); {@code null} when the table is not there.
     *
     * @throws TransportException classified as for any query
     */
    @Override
    public TableEngine tableEngine(TableRef table) {
        Objects.requireNonNull(table, "table");
        ensureOpen();
        String database = table.database() == null ? "currentDatabase()" : TabSeparated.literal(table.database());
        List<List<String>> rows = TabSeparated.parse(query("SELECT engine, engine_full, database, "
                + "notEmpty(dependencies_table) FROM system.tables WHERE database = " + database + " AND name = "
                + TabSeparated.literal(table.table()) + " FORMAT TabSeparated", "read the engine of " + table,
                table.toString()));
        if (rows.isEmpty() || rows.get(0).size() < 4) {
            return null;
        }
        List<String> row = rows.get(0);
        return new TableEngine(row.get(0), row.get(1), row.get(2), "1".equals(row.get(3)));
    }

    /**
     * Reads the live table's columns from {@code system.columns}, in table order.
     *
     * @throws TransportException not retryable when the table (or its database) does not exist;
     *                            classified otherwise
     */
    @Override
    public List<TableColumn> describeTable(TableRef table) {
        Objects.requireNonNull(table, "table");
        ensureOpen();
        return describer.describe(table);
    }

    /**
     * The server's version, supported settings (of {@link ServerProbe#SETTINGS} and
     * {@link ServerProbe#MERGE_TREE_SETTINGS}) and data type families; probed on the first call and
     * cached after the first success, so concurrent first callers share one probe.
     *
     * @throws TransportException when the server cannot be reached (nothing is cached then)
     */
    @Override
    public ServerInfo serverInfo() {
        ServerInfo cached = serverInfo;
        if (cached != null) {
            return cached;
        }
        synchronized (probeLock) {
            if (serverInfo == null) {
                ensureOpen();
                serverInfo = ServerProbe.probe(this::query);
                LOG.info("ClickHouse {} at {}: supports settings {}", serverInfo.version(),
                        endpoints.activeEndpoint(), new java.util.TreeSet<>(serverInfo.supportedSettings()));
            }
            return serverInfo;
        }
    }

    /** {@code SELECT 1} on the active endpoint (failing over like any query). */
    @Override
    public void ping() {
        query("SELECT 1 FORMAT TabSeparated", "ping", "server");
    }

    /** Closes the HTTP clients; later calls throw a non-retryable {@link TransportException}. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            endpoints.close();
        }
    }

    /**
     * Runs a TabSeparated statement and returns the whole body (metadata results are small); a {@link TextQuery},
     * also for the cluster transport's topology reads.
     *
     * @throws TransportException classified, when the statement fails
     */
    public String query(String sql, String operation, String table) {
        return query(new QuerySettings().setFormat(ClickHouseFormat.TabSeparated), sql, operation, table);
    }

    /**
     * As {@link #query}, but with {@code system} as the request's database: the one way to ask which databases
     * exist when the connection's own database does not (every request naming it fails with UNKNOWN_DATABASE).
     */
    private String queryInSystemDatabase(String sql, String operation, String table) {
        return query(new QuerySettings().setFormat(ClickHouseFormat.TabSeparated).setDatabase("system")
                .serverSetting("database", "system"), sql, operation, table);
    }

    private String query(QuerySettings settings, String sql, String operation, String table) {
        ensureOpen();
        turns.enterQuery(operation);
        try {
            return endpoints.call(operation, table, client -> {
                QueryResponse response = await(client.query(sql, settings));
                try {
                    return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } finally {
                    release(response);
                }
            });
        } finally {
            turns.leaveQuery();
        }
    }

    private static InsertSettings insertSettings(TableRef table, Map<String, String> requested) {
        InsertSettings settings = new InsertSettings();
        if (requested == null) {
            return settings;
        }
        for (Map.Entry<String, String> setting : requested.entrySet()) {
            if (!TableRef.isPlainIdentifier(setting.getKey()) || setting.getValue() == null) {
                throw TransportException.notRetryable("insert into " + table + ": setting '" + setting.getKey()
                        + "' = '"
                        + setting.getValue() + "' is not a valid ClickHouse setting [not retryable]. To fix: use "
                        + "a setting name of letters, digits and '_' with a non-null value.");
            }
            settings.serverSetting(setting.getKey(), setting.getValue());
        }
        return settings;
    }

    private <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new TransportException("request to ClickHouse interrupted before the server answered "
                    + "[retryable]; the insert may or may not have been written.", true, 0, 0, e);
        }
    }

    /** Returns the connection to the pool; a failure to do so cannot change the result already read. */
    private static void release(QueryResponse response) {
        try {
            response.close();
        } catch (Exception e) {
            LOG.debug("Closing a ClickHouse response failed", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw TransportException.notRetryable("the ClickHouse transport is closed [not retryable]. "
                    + "To fix: do not use "
                    + "a transport after close().");
        }
    }

    @Override
    public String toString() {
        return "ClientV2Transport[" + endpoints.activeEndpoint() + ", database=" + connection.database() + "]";
    }
}
