package io.clicktype.batch;

import java.util.List;

/**
 * How a batcher talks to ClickHouse: the service-provider interface behind every insert.
 *
 * <p>The default implementation uses the official ClickHouse Java client (client-v2) over HTTP;
 * tests may provide an in-memory one. Implementations are thread-safe and throw
 * {@link TransportException} with {@link TransportException#retryable()} set truthfully.
 */
public interface ClickHouseTransport extends AutoCloseable {

    /**
     * Sends one RowBinary insert and returns once the server acknowledged it.
     *
     * @throws TransportException when the server refused the insert or could not be reached
     */
    void insert(InsertRequest request);

    /**
     * Reads the live table's columns in table order.
     *
     * @throws TransportException when the table does not exist or the server cannot be reached
     */
    List<TableColumn> describeTable(TableRef table);

    /**
     * Probes the server's version and abilities; may be cached by the implementation.
     *
     * @throws TransportException when the server cannot be reached
     */
    ServerInfo serverInfo();

    /**
     * The table's engine, for deciding what a retried batch does ({@link Batcher#delivery()}). The default
     * knows nothing ({@code null}): delivery is then reported as at-least-once.
     *
     * @throws TransportException when the server cannot be asked
     */
    default TableEngine tableEngine(TableRef table) {
        return null;
    }

    /**
     * Asks the server something trivial, now (for health checks: one question however many tables). The
     * default asks for {@link #serverInfo()}, which an implementation may have cached.
     *
     * @throws TransportException when the server does not answer
     */
    default void ping() {
        serverInfo();
    }

    /**
     * The nodes of the cluster this transport writes to, shard by shard ({@link ConnectionConfig#cluster()});
     * empty for a single server (the default).
     */
    default List<ClusterNodeState> clusterNodes() {
        return List.of();
    }

    /**
     * The default transport: the official ClickHouse Java client (client-v2) over HTTP, with
     * connect and socket timeouts always set and server abilities probed once; with
     * {@link ConnectionConfig#cluster()} set, one client per node of that cluster (docs/cluster.md).
     */
    static ClickHouseTransport clientV2(ConnectionConfig connection) {
        if (connection != null && connection.cluster() != null) {
            return io.clicktype.batch.transport.ClusterTransport.create(connection);
        }
        return io.clicktype.batch.transport.ClientV2Transport.create(connection);
    }

    /** Releases connections; further calls fail. */
    @Override
    void close();
}
