package io.clicktype.batch.transport;

import io.clicktype.batch.ClickHouseTransport;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.InsertRequest;
import io.clicktype.batch.TransportException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node of a cluster: its own single-endpoint client-v2 transport and what happened to the requests sent to
 * it (for {@link ClusterNodeState}). A failed request marks it down until one succeeds; down nodes are tried
 * last. Thread-safe.
 */
final class ClusterNode implements AutoCloseable {

    private final String endpoint;
    private final ClickHouseTransport transport;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean up = true;
    private volatile String lastError;

    ClusterNode(String endpoint, ClickHouseTransport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
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
        up = true;
    }

    /** Records a failed request to this node. */
    void failed(TransportException e) {
        failures.incrementAndGet();
        lastError = e.getMessage();
        if (e.retryable()) {
            up = false;
        }
    }

    ClickHouseTransport transport() {
        return transport;
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
