package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.transport.TabSeparated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster's shards and replicas as {@code system.clusters} lists them: shard number and weight, replica
 * number, host and native port. The same on 18.16 and current servers (columns {@code shard_num},
 * {@code shard_weight}, {@code replica_num}, {@code host_name}, {@code host_address}, {@code port}).
 *
 * @param name   the cluster's name
 * @param shards the shards in {@code shard_num} order, each with its replicas in {@code replica_num} order
 */
record ClusterTopology(String name, List<Shard> shards) {

    /**
     * One replica: where {@code system.clusters} says it is, by {@code host_name} and resolved {@code host_address}
     * (its native port, not its HTTP port).
     */
    record Replica(int shard, int replica, String host, String address, int tcpPort) {
        @Override
        public String toString() {
            return "shard " + shard + " replica " + replica + " (" + host + ":" + tcpPort + ")";
        }
    }

    /** One shard, its weight ({@code shard_weight}, at least 1) and replicas. */
    record Shard(int number, int weight, List<Replica> replicas) {
    }

    /** The query whose TabSeparated rows {@link #parse} reads. */
    static String query(String cluster) {
        return "SELECT shard_num, shard_weight, replica_num, host_name, host_address, port FROM system.clusters "
                + "WHERE cluster = "
                + TabSeparated.literal(cluster) + " ORDER BY shard_num, replica_num FORMAT TabSeparated";
    }

    /**
     * @param rows the rows of {@link #query(String)}
     * @param knownClusters the clusters the server does know, for the message when {@code rows} is empty
     * @throws TransportException not retryable when the server lists no such cluster
     */
    static ClusterTopology parse(String cluster, List<List<String>> rows, String server, List<String> knownClusters) {
        if (rows.isEmpty()) {
            throw TransportException.notRetryable("cluster '" + cluster + "' is not in system.clusters of " + server
                    + " (it knows " + (knownClusters.isEmpty() ? "no cluster" : String.join(", ", knownClusters))
                    + ") [not retryable]. To fix: set clicktype.batch.clickhouse.cluster (ClusterConfig.name) to a "
                    + "cluster of the servers' <remote_servers> configuration.");
        }
        Map<Integer, List<Replica>> replicas = new TreeMap<>();
        Map<Integer, Integer> weights = new TreeMap<>();
        for (List<String> row : rows) {
            int shard = Integer.parseInt(row.get(0));
            weights.put(shard, Math.max(1, Integer.parseInt(row.get(1))));
            replicas.computeIfAbsent(shard, s -> new ArrayList<>())
                    .add(new Replica(shard, Integer.parseInt(row.get(2)), row.get(3), row.get(4),
                            Integer.parseInt(row.get(5))));
        }
        List<Shard> shards = new ArrayList<>();
        replicas.forEach((shard, list) -> shards.add(new Shard(shard, weights.get(shard), List.copyOf(list))));
        return new ClusterTopology(cluster, List.copyOf(shards));
    }

    /** Every replica, shard by shard. */
    List<Replica> replicas() {
        return shards.stream().flatMap(s -> s.replicas().stream()).toList();
    }
}
