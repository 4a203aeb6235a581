package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One node's transport for tests: records inserts, fails them while {@link #failure} is set, answers queries. */
final class FakeNode implements ClickHouseTransport {

    final String endpoint;
    final List<InsertRequest> inserts = new ArrayList<>();
    final List<String> queries = new ArrayList<>();
    volatile TransportException failure;
    Function<String, String> answers = sql -> "";
    TableEngine engine;
    boolean closed;

    FakeNode(String endpoint) {
        this.endpoint = endpoint;
    }

    /** A cluster node over this fake. */
    ClusterNode node() {
        return new ClusterNode(endpoint, this, this::query);
    }

    String query(String sql, String operation, String table) {
        queries.add(sql);
        if (failure != null) {
            throw failure;
        }
        return answers.apply(sql);
    }

    @Override
    public void insert(InsertRequest request) {
        if (failure != null) {
            throw failure;
        }
        inserts.add(request);
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        return List.of();
    }

    @Override
    public TableEngine tableEngine(TableRef table) {
        queries.add("engine of " + table);
        return engine;
    }

    @Override
    public ServerInfo serverInfo() {
        return new ServerInfo("26.7", java.util.Set.of(), java.util.Set.of());
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A request of {@code rows} rows for {@code table}, with {@code token} (may be {@code null}). */
    static InsertRequest request(String table, int rows, String token) {
        byte[] payload = new byte[] {1, 2, 3, (byte) rows};
        return new InsertRequest(TableRef.of(table), List.of("id"), payload, payload.length, rows, Map.of(), null,
                token);
    }

    /** No response at all (a reset connection): the node may have stored the batch. */
    static TransportException lostAnswer() {
        return new TransportException("connection reset [retryable]", true, 0, 0, new java.net.SocketException());
    }

    /** Refused before anything was sent: the node cannot have stored the batch. */
    static TransportException refused() {
        return new TransportException("connection refused [retryable]", true, 0, 0, new java.net.ConnectException());
    }

    /** An error answer that is the same everywhere, e.g. an unknown column. */
    static TransportException refusedForGood() {
        return new TransportException("no such column [not retryable]", false, 16, 404, null);
    }
}
