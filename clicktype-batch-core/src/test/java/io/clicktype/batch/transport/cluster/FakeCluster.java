package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.TransportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster of {@link FakeNode}s for tests: 2 shards x 2 replicas, node {@code s-r} on host {@code ch-s-r} at
 * {@code http://ch-s-r:8123}, every node listed as a configured url; the seed answers {@code system.clusters}.
 */
final class FakeCluster {

    static final String NAME = "events_cluster";

    final FakeNode seed = new FakeNode("http://ch-1-1:8123");
    final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    volatile TransportException topologyFailure;
    int topologyReads;

    FakeCluster() {
        for (int s = 1; s <= 2; s++) {
            for (int r = 1; r <= 2; r++) {
                nodes.put(url(s, r), new FakeNode(url(s, r)));
            }
        }
        seed.answers = sql -> {
            if (sql.contains("ORDER BY shard_num")) {
                topologyReads++;
                if (topologyFailure != null) {
                    throw topologyFailure;
                }
                return "1\t1\t1\tch-1-1\t10.0.1.1\t9000\n1\t1\t2\tch-1-2\t10.0.1.2\t9000\n"
                        + "2\t1\t1\tch-2-1\t10.0.2.1\t9000\n2\t1\t2\tch-2-2\t10.0.2.2\t9000\n";
            }
            return "1\n";
        };
    }

    static String url(int shard, int replica) {
        return "http://ch-" + shard + "-" + replica + ":8123";
    }

    FakeNode node(int shard, int replica) {
        return nodes.get(url(shard, replica));
    }

    List<String> endpoints() {
        return List.copyOf(nodes.keySet());
    }

    ClusterTransport transport(ClusterMode mode) {
        return new ClusterTransport(new ClusterConfig(NAME, mode, false, null), endpoints(), seed, seed::query,
                endpoint -> nodes.get(endpoint).node());
    }

    /** Rows inserted on every node, shard by shard, replica by replica. */
    List<Integer> insertsPerNode() {
        return nodes.values().stream().map(node -> node.inserts.size()).toList();
    }
}
