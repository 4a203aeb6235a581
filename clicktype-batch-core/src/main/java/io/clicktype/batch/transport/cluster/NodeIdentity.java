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
 * only, so a configured url is matched by host where that is unambiguous, and asked otherwise: first
 * {@code is_local}, then, where that does not single out one replica, the native port it registered for its
 * replicated tables ({@link RegisteredAddress}). At start, addresses found by the port rule are asked too, so one
 * that reaches another node fails start-up with the fix instead of writing a shard's rows to the wrong node.
 * Thread-safe.
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
     * The replica {@code endpoint} is, or why it cannot tell. First without asking it: the one replica whose
     * {@code host_name} or {@code host_address} is the endpoint's host (each node on a host of its own, as in most
     * clusters), so a configured node that is down at start is still mapped to its own url. Where several replicas
     * share the host, or none has it (an alias, a load balancer, a port published by Docker), the endpoint is
     * asked ({@link #askWhichNode}); one that does not answer is asked again at the next refresh.
     */
    Identification identify(String endpoint, ClusterTopology topology) {
        List<ClusterTopology.Replica> byHost = onHostOf(endpoint, topology);
        return byHost.size() == 1 ? Identification.of(byHost.get(0)) : askWhichNode(endpoint, topology, byHost);
    }

    /**
     * At start, asks every node reached by the port rule (no configured url named it) which node it is: one that
     * says it is another node fails start-up with the fix; one that does not answer is logged (it may be down, or
     * listen elsewhere), and its batches go to the other replicas until it answers.
     *
     * @param unidentified the configured urls that could not say which node they are, for the fix
     * @throws TransportException not retryable when a guessed address is another node's
     */
    void checkGuessedAddresses(ClusterTopology topology, Map<String, ClusterTopology.Replica> identified,
            Map<ClusterTopology.Replica, String> addresses, Map<String, Identification> unidentified) {
        for (Map.Entry<ClusterTopology.Replica, String> entry : addresses.entrySet()) {
            String address = entry.getValue();
            if (identified.containsKey(address)) {
                continue;
            }
            // Asked, not looked up by host: the host is the replica's by construction, the port is the guess.
            ClusterTopology.Replica answer = askWhichNode(address, topology, onHostOf(address, topology)).replica();
            String shown = EndpointClients.withoutUserInfo(address);
            if (answer == null) {
                LOG.warn("Cluster {}: no configured url is {}, so it is reached at {} by the port rule (its host, the "
                        + "first url's port), where nothing answers as that node now. If it listens elsewhere, add its "
                        + "HTTP url to clicktype.batch.clickhouse.url; until it answers, its shard's other replicas "
                        + "take its batches.", cluster, entry.getKey(), shown);
            } else if (!answer.equals(entry.getKey())) {
                throw TransportException.notRetryable("cluster '" + cluster + "': the port rule reaches "
                        + entry.getKey() + " at " + shown + ", but that address is " + answer
                        + " [not retryable]. " + Identification.fix(unidentified));
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
     * Asks {@code endpoint} which replica it is. The rows of its {@code system.clusters} marked {@code is_local}
     * name it on current servers (per replica since 19.17, ClickHouse PR 7605), narrowed to {@code byHost} where
     * that leaves one. Where that leaves several (18.16 marks every replica of its own shard) or none (current
     * servers mark none for a replica with a {@code default_database}, ClickHouse issue 46277), the native port
     * and host it registered in ZooKeeper ({@link RegisteredAddress}) pick the one replica.
     */
    private Identification askWhichNode(String endpoint, ClusterTopology topology,
            List<ClusterTopology.Replica> byHost) {
        ClusterNode node = nodeAt.apply(endpoint);
        try {
            List<ClusterTopology.Replica> marked = TabSeparated.parse(node.query(
                    "SELECT shard_num, replica_num FROM system.clusters WHERE cluster = "
                            + TabSeparated.literal(cluster) + " AND is_local = 1 FORMAT TabSeparated",
                    "ask which node of cluster " + cluster + " this is", cluster)).stream().map(row -> find(topology,
                    Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1)))).filter(Objects::nonNull).toList();
            List<ClusterTopology.Replica> onHost = marked.stream().filter(byHost::contains).toList();
            List<ClusterTopology.Replica> candidates = marked.size() > 1 && !onHost.isEmpty() ? onHost : marked;
            if (candidates.size() == 1) {
                return Identification.of(candidates.get(0));
            }
            RegisteredAddress self;
            try {
                self = RegisteredAddress.of(node, cluster);
            } catch (TransportException e) {
                return Identification.unknown("marks " + candidates + " as local in its system.clusters and could not "
                        + "be asked for its ZooKeeper registration (" + e.getMessage() + ")", "let the batcher's user "
                        + "read system.replicas and system.zookeeper on every node (GRANT SELECT ON system.replicas, "
                        + "and on system.zookeeper, on current servers), or name each node by a host of its own in "
                        + "<remote_servers> and in its url");
            }
            List<ClusterTopology.Replica> pool = !candidates.isEmpty() ? candidates
                    : !byHost.isEmpty() ? byHost : topology.replicas();
            List<ClusterTopology.Replica> matching = self == null ? List.of()
                    : pool.stream().filter(r -> r.tcpPort() == self.tcpPort()).toList();
            if (matching.size() > 1) {
                matching = matching.stream().filter(r -> r.host().equals(self.host())
                        || r.address().equals(self.host())).toList();
            }
            if (matching.size() == 1) {
                return Identification.of(matching.get(0));
            }
            return unknown(candidates, self);
        } catch (TransportException e) {
            LOG.debug("{} could not say which node of cluster {} it is: {}", node.endpoint(), cluster, e.getMessage());
            return Identification.unknown("could not be asked (" + e.getMessage() + ")", "start it, or correct the "
                    + "url or its credentials; a url whose host is shared by several nodes of the cluster (or is no "
                    + "node's host) must answer at start, to say which node it is");
        }
    }

    private Identification unknown(List<ClusterTopology.Replica> candidates, RegisteredAddress self) {
        String registered = self == null ? "it has no ReplicatedMergeTree table whose ZooKeeper registration "
                + "names its native port" : "the native port it registered in ZooKeeper, " + self.host() + ":"
                + self.tcpPort() + ", is " + (candidates.isEmpty() ? "no replica's" : "none of theirs");
        if (candidates.isEmpty()) {
            return Identification.unknown("marks no replica of cluster " + cluster + " as local in its system.clusters "
                    + "(is_local), and " + registered, "check that the url is a node of cluster " + cluster
                    + " (the cluster's <remote_servers> entry must name each node by a host and the native port it "
                    + "listens on), or take it out of clicktype.batch.clickhouse.url");
        }
        return Identification.unknown("marks " + candidates + " as local in its system.clusters (ClickHouse before "
                + "19.17 marks every replica of its own shard), and " + registered, "create the cluster's "
                + "ReplicatedMergeTree tables on every node before the batcher starts (each replica registers its "
                + "native port in ZooKeeper), or name each node by a host of its own in <remote_servers> and in "
                + "its url");
    }

    private static ClusterTopology.Replica find(ClusterTopology topology, int shard, int replica) {
        return topology.replicas().stream().filter(r -> r.shard() == shard && r.replica() == replica).findFirst()
                .orElse(null);
    }
}
