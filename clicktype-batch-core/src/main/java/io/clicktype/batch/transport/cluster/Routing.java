package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.transport.ReplicaSet;
import java.util.List;
import java.util.Map;

/**
 * One reading of a cluster's topology, ready to route by: the replicas of each shard (in {@code shard_num} order) as
 * a {@link ReplicaSet} each, every node as one more (distributed mode sends to any), the weighted turn among shards,
 * and which configured endpoint turned out to be which replica. Immutable but for the turns; replaced whole by a
 * topology refresh.
 *
 * @param topology   what {@code system.clusters} said
 * @param shards     each shard's replicas, tried live first from a turning start
 * @param anywhere   every node, shard by shard, for distributed mode
 * @param rotation   the shards' weighted turn (direct mode)
 * @param identified each configured endpoint that was identified, to its replica
 */
record Routing(ClusterTopology topology, List<ReplicaSet<ClusterNode>> shards, ReplicaSet<ClusterNode> anywhere,
        ShardRotation rotation, Map<String, ClusterTopology.Replica> identified) {

    /** The number of shards. */
    int shardCount() {
        return shards.size();
    }
}
