package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.transport.TabSeparated;
import java.util.List;

/**
 * A node's own host and native (TCP) port, as it registered them in ZooKeeper for its replicated tables: the
 * {@code host} node under a replica's path, e.g. {@code host: 127.0.0.1\nport: 9009\ntcp_port: 9000\n...} (written by
 * every ReplicatedMergeTree replica, 18.16 to 26.x, for the other replicas to reach it). 18.16 has no other way to
 * say its own native port: no {@code tcpPort()}, nothing in {@code system.settings}, and its
 * {@code system.clusters.is_local} is per shard. The host is the node's {@code interserver_http_host}.
 *
 * @param host    the registered host
 * @param tcpPort the native port, the one {@code system.clusters} names replicas by
 */
record RegisteredAddress(String host, int tcpPort) {

    /**
     * Asks {@code node} for the registration of its first replicated table.
     *
     * @return the address, or {@code null} when the node has no replicated table or the registration lacks it
     * @throws TransportException when the node does not answer
     */
    static RegisteredAddress of(ClusterNode node, String cluster) {
        String operation = "ask which node of cluster " + cluster + " this is";
        List<List<String>> paths = TabSeparated.parse(node.query("SELECT replica_path FROM system.replicas LIMIT 1 "
                + "FORMAT TabSeparated", operation, cluster));
        if (paths.isEmpty()) {
            return null;
        }
        List<List<String>> rows = TabSeparated.parse(node.query("SELECT value FROM system.zookeeper WHERE path = "
                + TabSeparated.literal(paths.get(0).get(0)) + " AND name = 'host' FORMAT TabSeparated",
                operation, cluster));
        return rows.isEmpty() ? null : parse(rows.get(0).get(0));
    }

    /** The address in a registration's text, or {@code null} when it names no native port. */
    static RegisteredAddress parse(String registration) {
        String host = null;
        int port = -1;
        for (String line : registration.split("\n")) {
            if (line.startsWith("host: ")) {
                host = line.substring(6).trim();
            } else if (line.startsWith("tcp_port: ")) {
                try {
                    port = Integer.parseInt(line.substring(10).trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return port > 0 ? new RegisteredAddress(host == null ? "" : host, port) : null;
    }
}
