package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.transport.EndpointClients;
import io.clicktype.batch.transport.TabSeparated;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica of a cluster an HTTP address is. {@code system.clusters} names replicas by host and native port
 * only, so a configured url is matched by host where that is unambiguous, and asked otherwise
 * ({@code is_local}); at start, addresses found by the port rule are asked too, so one that reaches another node
 * fails start-up with the fix instead of writing a shard's rows to the wrong node. Thread-safe.
 */
final class NodeIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);

    private final String cluster;
    private final Function<String, ClusterNode> nodeAt;

    /** @param nodeAt the node for an HTTP address, created on first use */
    NodeIdentity(String cluster, Function<String, ClusterNode> nodeAt) {
        this.cluster = cluster;
        this.nodeAt = nodeAt;
    }

    /**
     * The replica {@code endpoint} is, or {@code null} when it cannot tell. First without asking it: the one replica
     * whose {@code host_name} or {@code host_address} is the endpoint's host (each node on a host of its own, as in
     * most clusters), so a configured node that is down at start is still mapped to its own url. Where several
     * replicas share the host, or none has it (an alias, a load balancer), the endpoint is asked for the rows of its
     * {@code system.clusters} marked {@code is_local} (per replica on current servers; 18.16 marks every replica of
     * its own shard), narrowed by host; an endpoint that does not answer is asked again at the next refresh.
     */
    ClusterTopology.Replica identify(String endpoint, ClusterTopology topology) {
        List<ClusterTopology.Replica> byHost = onHostOf(endpoint, topology);
        return byHost.size() == 1 ? byHost.get(0) : askWhichNode(endpoint, topology, byHost);
    }

    /**
     * At start, asks every node reached by the port rule (no configured url named it) which node it is: one that
     * says it is another node fails start-up with the fix; one that does not answer is logged (it may be down, or
     * listen elsewhere), and its batches go to the other replicas until it answers.
     *
     * @throws TransportException not retryable when a guessed address is another node's
     */
    void checkGuessedAddresses(ClusterTopology topology, Map<String, ClusterTopology.Replica> identified,
            Map<ClusterTopology.Replica, String> addresses) {
        for (Map.Entry<ClusterTopology.Replica, String> entry : addresses.entrySet()) {
            String address = entry.getValue();
            if (identified.containsKey(address)) {
                continue;
            }
            // Asked, not looked up by host: the host is the replica's by construction, the port is the guess.
            ClusterTopology.Replica answer = askWhichNode(address, topology, onHostOf(address, topology));
            String shown = EndpointClients.withoutUserInfo(address);
            if (answer == null) {
                LOG.warn("Cluster {}: no configured url is {}, so it is reached at {} by the port rule (its host, the "
                        + "first url's port), where nothing answers as that node now. If it listens elsewhere, add its "
                        + "HTTP url to clicktype.batch.clickhouse.url; until it answers, its shard's other replicas "
                        + "take its batches.", cluster, entry.getKey(), shown);
            } else if (!answer.equals(entry.getKey())) {
                throw new TransportException("cluster '" + cluster + "': the port rule reaches "
                        + entry.getKey() + " at " + shown + ", but that address is " + answer
                        + " [not retryable]. To fix: list every node's HTTP url in clicktype.batch.clickhouse.url "
                        + "(ConnectionConfig endpoints), comma-separated.", false, 0, 0, null);
            }
        }
    }

    /** The replicas whose {@code host_name} or {@code host_address} is {@code endpoint}'s host. */
    static List<ClusterTopology.Replica> onHostOf(String endpoint, ClusterTopology topology) {
        String host = URI.create(EndpointClients.withoutUserInfo(endpoint)).getHost();
        String bare = host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return topology.replicas().stream().filter(r -> r.host().equals(bare) || r.address().equals(bare)).toList();
    }

    /**
     * Asks {@code endpoint} which replica it is: the rows of its {@code system.clusters} marked {@code is_local},
     * narrowed to {@code byHost} where that leaves one; {@code null} when it does not answer or cannot tell.
     */
    private ClusterTopology.Replica askWhichNode(String endpoint, ClusterTopology topology,
            List<ClusterTopology.Replica> byHost) {
        ClusterNode node = nodeAt.apply(endpoint);
        try {
            List<List<String>> local = TabSeparated.parse(node.query(
                    "SELECT shard_num, replica_num FROM system.clusters WHERE cluster = "
                            + TabSeparated.literal(cluster) + " AND is_local = 1 FORMAT TabSeparated",
                    "ask which node of cluster " + cluster + " this is", cluster));
            List<ClusterTopology.Replica> marked = local.stream().map(row -> find(topology,
                    Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1)))).filter(Objects::nonNull).toList();
            if (marked.size() > 1 && !byHost.isEmpty()) {
                marked = marked.stream().filter(byHost::contains).toList();
            }
            return marked.size() == 1 ? marked.get(0) : null;
        } catch (TransportException e) {
            LOG.debug("{} could not say which node of cluster {} it is: {}", node.endpoint(), cluster, e.getMessage());
            return null;
        }
    }

    private static ClusterTopology.Replica find(ClusterTopology topology, int shard, int replica) {
        return topology.replicas().stream().filter(r -> r.shard() == shard && r.replica() == replica).findFirst()
                .orElse(null);
    }
}
