package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.transport.EndpointClients;
import io.clicktype.batch.transport.TextQuery;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster: its own single-endpoint client-v2 transport (inserts, and queries such as which node
 * it is) and what happened to the requests sent to it (for {@link ClusterNodeState}). A failed request marks it
 * down (one WARN) until one succeeds (one INFO); the {@link io.clicktype.batch.transport.ReplicaSet}s it is in
 * try down nodes last. Thread-safe.
 */
final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final String endpoint;
    private final ClickHouseTransport transport;
    private final TextQuery query;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean up = true;
    private volatile String lastError;

    /** @param query runs a metadata statement on this node (the same client as {@code transport}) */
    ClusterNode(String endpoint, ClickHouseTransport transport, TextQuery query) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.query = query;
    }

    /** Inserts and counts the outcome. */
    void insert(InsertRequest request) {
        try {
            transport.insert(request);
        } catch (TransportException e) {
            failed(e);
            throw e;
        }
        batches.incrementAndGet();
        rows.addAndGet(request.rows());
        if (!up) {
            up = true;
            LOG.info("ClickHouse node {} answers again and takes batches", endpoint());
        }
    }

    /** Records a failed request to this node. */
    void failed(TransportException e) {
        failures.incrementAndGet();
        lastError = e.getMessage();
        if (e.retryable() && up) {
            up = false;
            LOG.warn("ClickHouse node {} failed ({}); requests go to the other nodes until it answers again",
                    endpoint(), e.getMessage());
        }
    }

    /** Runs a TabSeparated statement on this node only. */
    String query(String sql, String operation, String table) {
        return query.run(sql, operation, table);
    }

    boolean up() {
        return up;
    }

    /** The endpoint without credentials. */
    String endpoint() {
        return EndpointClients.withoutUserInfo(endpoint);
    }

    ClusterNodeState state(ClusterTopology.Replica replica, int weight) {
        return new ClusterNodeState(replica.shard(), replica.replica(), weight, endpoint(), up, lastError,
                batches.get(), rows.get(), failures.get());
    }

    @Override
    public void close() {
        transport.close();
    }
}
