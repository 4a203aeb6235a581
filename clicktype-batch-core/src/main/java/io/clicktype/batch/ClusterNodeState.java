package io.clicktype.batch;

/**
 * One node of a cluster as the transport sees it now ({@code spi.ShardedTransport.clusterNodes()}): for health
 * and metrics per shard and replica.
 *
 * @param shard       {@code shard_num} in {@code system.clusters}, from 1
 * @param replica     {@code replica_num} in {@code system.clusters}, from 1
 * @param weight      the shard's {@code shard_weight}
 * @param endpoint    the node's HTTP base URL, without credentials
 * @param up          false from a failed request to this node until a request to it succeeds again
 * @param lastError   the last failure's message, or {@code null} when none
 * @param batchesSent batches acknowledged by this node
 * @param rowsSent    rows in those batches
 * @param failures    requests to this node that failed
 */
public record ClusterNodeState(int shard, int replica, int weight, String endpoint, boolean up, String lastError,
        long batchesSent, long rowsSent, long failures) {
}
