package io.clicktype.batch.autoconfigure.health;

import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ShardedTransport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code clicktype.cluster} component, for a transport that writes to a cluster: one detail per shard with
 * its replicas (endpoint, up, last error, batches, rows, failures). UP while every shard has a live replica (a
 * batch can be written anywhere it must go); DOWN, naming the shards, when a shard has none — in direct mode its
 * batches then move to other shards, or wait when they may already be stored there. Reads what the transport
 * has seen; sends nothing.
 */
public class ClusterHealthIndicator implements HealthIndicator {

    private final ClickHouseTransport transport;

    public ClusterHealthIndicator(ClickHouseTransport transport) {
        this.transport = transport;
    }

    @Override
    public Health health() {
        List<ClusterNodeState> nodes = transport instanceof ShardedTransport cluster ? cluster.clusterNodes()
                : List.of();
        if (nodes.isEmpty()) {
            return Health.unknown().withDetail("reason", "the cluster's topology has not been read yet").build();
        }
        Map<Integer, List<ClusterNodeState>> shards = new TreeMap<>();
        nodes.forEach(node -> shards.computeIfAbsent(node.shard(), s -> new java.util.ArrayList<>()).add(node));
        Map<String, Object> details = new LinkedHashMap<>();
        List<Integer> down = new java.util.ArrayList<>();
        shards.forEach((shard, replicas) -> {
            details.put("shard " + shard, replicas.stream().map(ClusterHealthIndicator::replica).toList());
            if (replicas.stream().noneMatch(ClusterNodeState::up)) {
                down.add(shard);
            }
        });
        Health.Builder health = down.isEmpty() ? Health.up() : Health.down().withDetail("reason",
                "no live replica in shard(s) " + down);
        return health.withDetails(details).build();
    }

    private static Map<String, Object> replica(ClusterNodeState node) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("replica", node.replica());
        replica.put("endpoint", node.endpoint());
        replica.put("up", node.up());
        replica.put("lastError", node.lastError());
        replica.put("batchesSent", node.batchesSent());
        replica.put("rowsSent", node.rowsSent());
        replica.put("failures", node.failures());
        return replica;
    }
}
