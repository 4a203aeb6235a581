package io.clicktype.batch.spi;

import io.clicktype.batch.ClusterNodeState;
import java.util.List;

/**
 * A {@link ClickHouseTransport} that writes to the shards of a ClickHouse cluster: it reports the cluster's nodes
 * and gives a view pinned to one shard. An SPI apart from {@code ClickHouseTransport} so that a transport for one
 * server (or a test's fake) carries no cluster methods; callers that need the cluster check for this type
 * ({@code ShardedBatcher}, the starter's cluster health, metrics and endpoint).
 *
 * <p>The default one is what {@code ClickHouseTransports.clientV2} returns for a connection with a cluster
 * ({@code ConnectionConfig.cluster()}), or {@code ClickHouseTransports.cluster}. Thread-safe.
 */
public interface ShardedTransport extends ClickHouseTransport {

    /**
     * The nodes of the cluster this transport writes to, shard by shard, as this transport has seen them (reads
     * the topology on first use); empty when the topology cannot be read yet.
     */
    List<ClusterNodeState> clusterNodes();

    /**
     * A view of this transport that writes only to the replicas of shard {@code shardNumber}, with failover
     * between them, and never moves a batch to another shard, for rows that must stay on their shard
     * ({@code ShardedBatcher}, a spill replaying to one shard). Metadata and health are this transport's; closing
     * the view closes nothing.
     *
     * @param shardNumber {@code shard_num} in {@code system.clusters}, from 1
     * @throws IllegalArgumentException when the cluster has no such shard
     * @throws TransportException when the topology cannot be read
     */
    ClickHouseTransport shard(int shardNumber);
}
