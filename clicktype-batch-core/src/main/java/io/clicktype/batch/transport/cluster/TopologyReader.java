package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.transport.EndpointClients;
import io.clicktype.batch.transport.ReplicaSet;
import io.clicktype.batch.transport.TabSeparated;
import io.clicktype.batch.transport.TextQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a cluster's topology from {@code system.clusters} on first use and again once
 * {@link ClusterConfig#topologyRefresh()} has passed, works out which HTTP address serves each replica, and keeps
 * one {@link ClusterNode} per address. A refresh that fails keeps the last topology (one WARN); only the first read
 * fails the request. Thread-safe: readers see the last {@link Routing} without a lock, one thread reads again.
 */
final class TopologyReader {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyReader.class);

    private final ClusterConfig cluster;
    private final List<String> endpoints;
    private final TextQuery seed;
    private final String seedName;
    private final Function<String, ClusterNode> newNode;
    private final NodeIdentity identity;
    private final Map<String, ClusterNode> nodes = new ConcurrentHashMap<>();
    private final AtomicInteger nodeTurn = new AtomicInteger();
    private final Object lock = new Object();
    private volatile Routing routing;
    private volatile long refreshAt;

    /**
     * @param endpoints the configured endpoints, the first giving the port rule's scheme and port
     * @param seed      runs statements through the configured endpoints, with failover
     * @param seedName  the seed, for messages
     * @param newNode   the node for an HTTP address (called once per address)
     */
    TopologyReader(ClusterConfig cluster, List<String> endpoints, TextQuery seed, String seedName,
            Function<String, ClusterNode> newNode) {
        this.cluster = cluster;
        this.endpoints = List.copyOf(endpoints);
        this.seed = seed;
        this.seedName = seedName;
        this.newNode = newNode;
        this.identity = new NodeIdentity(cluster.name(), this::node);
    }

    /**
     * The routing, read on first use and again once the refresh interval has passed.
     *
     * @throws TransportException when the first read fails (later failures keep the last routing)
     */
    Routing current() {
        Routing current = routing;
        if (current != null && System.nanoTime() - refreshAt < 0) {
            return current;
        }
        synchronized (lock) {
            current = routing;
            if (current != null && System.nanoTime() - refreshAt < 0) {
                return current;
            }
            try {
                routing = read(current);
                if (current != null && !routing.topology().equals(current.topology())) {
                    LOG.info("Cluster {} changed: {}", cluster.name(), routing.topology());
                }
            } catch (TransportException e) {
                if (current == null) {
                    throw e;
                }
                LOG.warn("Could not read the topology of cluster {} again ({}); keeping the last one", cluster.name(),
                        e.getMessage());
            }
            refreshAt = System.nanoTime() + cluster.topologyRefresh().toNanos();
            return routing;
        }
    }

    /** The routing last read, or {@code null} before the first read succeeded. */
    Routing lastRead() {
        return routing;
    }

    /** Every node created so far, for closing. */
    List<ClusterNode> nodes() {
        return List.copyOf(nodes.values());
    }

    private ClusterNode node(String address) {
        return nodes.computeIfAbsent(address, newNode);
    }

    private Routing read(Routing previous) {
        String operation = "read the topology of cluster " + cluster.name();
        List<List<String>> rows = TabSeparated.parse(seed.run(ClusterTopology.query(cluster.name()), operation,
                cluster.name()));
        List<String> known = rows.isEmpty() ? TabSeparated.parse(seed.run(
                "SELECT DISTINCT cluster FROM system.clusters FORMAT TabSeparated", operation, cluster.name()))
                .stream().map(row -> row.get(0)).toList() : List.of();
        ClusterTopology topology = ClusterTopology.parse(cluster.name(), rows, seedName, known);
        Map<String, ClusterTopology.Replica> identified = new LinkedHashMap<>();
        Map<String, Identification> unidentified = new LinkedHashMap<>();
        for (String endpoint : endpoints) {
            Identification answer = identity.identify(endpoint, topology);
            ClusterTopology.Replica self = answer.identified() || previous == null ? answer.replica()
                    : previous.identified().get(endpoint);
            if (self != null) {
                identified.put(endpoint, self);
            } else {
                unidentified.put(endpoint, answer);
            }
        }
        Map<ClusterTopology.Replica, String> addresses = NodeAddresses.map(topology, identified, unidentified,
                endpoints.get(0));
        if (previous == null) {
            identity.checkGuessedAddresses(topology, identified, addresses, unidentified);
        }
        // an unchanged topology keeps its turns, so a refresh does not send the next batches to the same places again
        boolean unchanged = previous != null && previous.topology().equals(topology);
        List<ReplicaSet<ClusterNode>> shards = new ArrayList<>();
        List<ClusterNode> all = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (ClusterTopology.Shard shard : topology.shards()) {
            List<ClusterNode> replicas = new ArrayList<>();
            for (ClusterTopology.Replica replica : shard.replicas()) {
                replicas.add(node(addresses.get(replica)));
            }
            shards.add(unchanged ? previous.shards().get(shards.size()).withMembers(replicas)
                    : ReplicaSet.rotating(replicas, ClusterNode::up, new AtomicInteger()));
            all.addAll(replicas);
            weights.add(shard.weight());
        }
        if (previous == null) {
            LOG.info("Cluster {}: {} shard(s), mode {}{}: {}", cluster.name(), shards.size(), cluster.mode(),
                    cluster.tableModes().isEmpty() ? "" : " (tables " + cluster.tableModes() + ")",
                    addresses.entrySet().stream().map(e -> e.getKey() + " at " + EndpointClients.withoutUserInfo(
                            e.getValue())).toList());
        }
        ShardRotation rotation = unchanged ? previous.rotation() : new ShardRotation(weights);
        return new Routing(topology, List.copyOf(shards), ReplicaSet.rotating(all, ClusterNode::up, nodeTurn),
                rotation, Map.copyOf(identified));
    }
}
