package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.transport.ClientV2Transport;
import io.clicktype.batch.transport.cluster.ClusterTransport;
import java.util.Objects;

/**
 * The built-in transports, on the official ClickHouse Java client (client-v2) over HTTP(S). A class of the API
 * package, not factory methods on the SPI's {@link ClickHouseTransport}: the SPI then names none of its
 * implementations (which implement it, so that would be an import cycle), and users find the default transport
 * where they find everything else they call.
 */
public final class ClickHouseTransports {

    private ClickHouseTransports() {
    }

    /**
     * The default transport: connect and socket timeouts always set, server abilities probed once, failover between
     * the connection's endpoints (docs/transport.md); with {@link ConnectionConfig#cluster()} set, one client per
     * node of that cluster, and the result is a {@link ShardedTransport} (docs/cluster.md). Does not contact the
     * servers.
     *
     * @throws NullPointerException     when {@code connection} is null
     * @throws IllegalArgumentException when the client cannot be set up, e.g. the trust store cannot be read
     */
    public static ClickHouseTransport clientV2(ConnectionConfig connection) {
        Objects.requireNonNull(connection, "connection");
        return connection.cluster() != null ? cluster(connection) : ClientV2Transport.create(connection);
    }

    /**
     * The transport for the cluster {@link ConnectionConfig#cluster()} names, typed for what only a cluster offers:
     * its nodes and a view of one shard ({@link ShardedBatcher}, a spill per shard). Does not contact the servers.
     *
     * @throws NullPointerException     when {@code connection} is null
     * @throws IllegalArgumentException when {@code connection} names no cluster
     */
    public static ShardedTransport cluster(ConnectionConfig connection) {
        return ClusterTransport.create(connection);
    }
}
