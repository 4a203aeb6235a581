package io.clicktype.batch.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse cluster on loopback for tests: one ZooKeeper (Apache Curator's {@code TestingServer}, in
 * this JVM) and {@code shards × replicas} {@code clickhouse-server} processes (Debian's 18.16 here), each on a
 * loopback address of its own ({@code 127.0.0.2}, {@code 127.0.0.3}, ...: Linux routes all of 127/8 to the
 * loopback device) with its own ports, macros {@code {shard}} / {@code {replica}} ({@code r1}, {@code r2}, ...) and a
 * {@code <remote_servers>} entry {@link #name()} with {@code internal_replication = true}. Tables are made by
 * the test: a {@code ReplicatedMergeTree('/clickhouse/tables/{shard}/<table>', '{replica}')} on every node and a
 * {@code Distributed} table over them ({@link #createReplicatedTable}).
 *
 * <p>Any node can be SIGKILLed and restarted ({@link Node#server()}), and cut off from ZooKeeper alone
 * ({@link #cutZooKeeper(Node)}: its relay to ZooKeeper drops every connection, so its session expires and its
 * Replicated tables turn read-only). Started once per JVM by {@link #shared()} (about 2-4 s) and stopped when
 * the JVM exits; each node cleans up after itself as in {@link LocalClickHouseServer}. {@link #startOnOneHost()}
 * starts another of the same shape with every node on {@code 127.0.0.1} (its own ports), for what differs when
 * {@code system.clusters} names every node by one host.
 */
public final class ClickHouseCluster implements AutoCloseable {

    /** The cluster's name in {@code system.clusters}. */
    public static final String NAME = "clicktype_test";

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCluster.class);
    private static ClickHouseCluster shared;

    private final TestingServer zooKeeper;
    private final List<Node> nodes;
    private final List<TcpRelay> relays;
    /** Restarts chDB nodes that abort by themselves ({@link #restartCrashedNodes}); none for clickhouse-server. */
    private ScheduledExecutorService supervisor;

    /** One node: its place in the cluster and the server, which can be stopped (SIGKILL) and started again. */
    public record Node(int shard, int replica, ClickHouseServer server) {
        /** The node's HTTP base URL. */
        public String httpUrl() {
            return server.httpUrl();
        }

        @Override
        public String toString() {
            return "shard " + shard + " replica " + replica + " (" + server.httpUrl() + ")";
        }
    }

    private ClickHouseCluster(TestingServer zooKeeper, List<Node> nodes, List<TcpRelay> relays) {
        this.zooKeeper = zooKeeper;
        this.nodes = List.copyOf(nodes);
        this.relays = List.copyOf(relays);
    }

    /**
     * The cluster of this JVM, started on first use, of the same server as {@link ClickHouseServers#shared()}:
     * 2 shards × 2 replicas of {@code clickhouse-server} with ZooKeeper; in the chDB (26.7) run 2 shards × 1
     * replica of chDB's engine without ZooKeeper ({@link #startChdb}).
     *
     * @throws IllegalStateException when the nodes cannot be started
     */
    public static synchronized ClickHouseCluster shared() {
        if (shared == null) {
            shared = ClickHouseServers.CHDB.equals(ClickHouseServers.shared().source()) ? startChdb(2) : start(2, 2);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "clickhouse-test-cluster-shutdown"));
        }
        return shared;
    }

    /**
     * A cluster like {@link #shared()} (the same server and shape) whose nodes all listen on {@code 127.0.0.1}, each
     * on its own ports, as a docker-compose development cluster's ports published on one host, or several servers
     * on one machine: {@code system.clusters} then lists one host for every node. Stopped by {@link #close()}.
     *
     * @throws IllegalStateException when the nodes cannot be started
     */
    public static ClickHouseCluster startOnOneHost() {
        return ClickHouseServers.CHDB.equals(ClickHouseServers.shared().source()) ? startChdb(2, true)
                : start(2, 2, true);
    }

    /** Whether a cluster can be started here: a {@code clickhouse-server} binary is on PATH. */
    public static boolean available() {
        return LocalClickHouseServer.findBinary() != null;
    }

    /**
     * Starts {@code shards} nodes of ClickHouse 26.7 from chDB, one replica each and no ZooKeeper: clickhouse-local
     * opens no interserver HTTP listener ({@code SYSTEM START LISTEN} has no such protocol), so replicas could not
     * fetch parts from each other. Shards, {@code system.clusters}, {@code Distributed} tables and direct writes
     * work as on any 26.x cluster; {@link #createShardedTables} makes MergeTree local tables that deduplicate by
     * token ({@code non_replicated_deduplication_window}).
     *
     * <p>A chDB node aborts when a peer's connection is reset while it receives a forwarded insert (measured on
     * 26.7.3-stable.1: "Terminate called for uncaught exception: Code: 210. DB::NetException: Connection reset by
     * peer" in clickhouse-local, where clickhouse-server only fails the query), which a test SIGKILLing one shard
     * of a {@code Distributed} insert sets off. Such a node is started again within a second, with a WARN naming
     * its kept log, as a supervisor would restart a crashed server: the batcher sees a node failure and retries.
     */
    public static ClickHouseCluster startChdb(int shards) {
        return startChdb(shards, false);
    }

    private static ClickHouseCluster startChdb(int shards, boolean oneHost) {
        long started = System.nanoTime();
        try {
            List<LocalServerLaunch.LocalPorts> ports = LocalClickHouseServer.freePortSets(shards);
            String remoteServers = remoteServers(shards, 1, ports, oneHost);
            ChdbServerLaunch chdb = ChdbServerLaunch.standard();
            List<Node> nodes = startNodes(shards, 1, ports, (shard, replica) -> chdb.withServerConfig(
                    host(shard, 1, 1, oneHost), "<clickhouse><macros><shard>" + shard + "</shard><replica>r1</replica></macros>"
                            + "<remote_servers>" + remoteServers + "</remote_servers></clickhouse>"));
            LOG.info("Test cluster {} ({} shards x 1 replica, ClickHouse {} from chDB, no ZooKeeper) ready in {} ms: {}",
                    NAME, shards, nodes.get(0).server().version(), (System.nanoTime() - started) / 1_000_000, nodes);
            ClickHouseCluster cluster = new ClickHouseCluster(null, nodes, List.of());
            cluster.restartCrashedNodes();
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the chDB test cluster: " + e.getMessage(), e);
        }
    }

    /** Checks every node each 200 ms and starts the ones that exited by themselves again. */
    private void restartCrashedNodes() {
        supervisor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "clickhouse-test-cluster-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        supervisor.scheduleWithFixedDelay(() -> {
            for (Node node : nodes) {
                try {
                    ((LocalClickHouseServer) node.server()).restartIfExited();
                } catch (RuntimeException e) {
                    LOG.warn("Could not start crashed test cluster node {} again: {}", node, e.toString());
                }
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Whether shards have several replicas kept in step through ZooKeeper (not in the chDB cluster). */
    public boolean replicated() {
        return zooKeeper != null;
    }

    /** Starts ZooKeeper and the nodes (in parallel); returns when every node answers {@code /ping}. */
    public static ClickHouseCluster start(int shards, int replicas) {
        return start(shards, replicas, false);
    }

    private static ClickHouseCluster start(int shards, int replicas, boolean oneHost) {
        List<String> binary = LocalClickHouseServer.findBinary();
        if (binary == null) {
            throw new IllegalStateException("the test cluster needs clickhouse-server on PATH (Debian: apt-get install "
                    + "-y clickhouse-server; scripts/test installs it)");
        }
        long started = System.nanoTime();
        TestingServer zooKeeper = null;
        List<TcpRelay> relays = new ArrayList<>();
        try {
            zooKeeper = new TestingServer(true);
            int count = shards * replicas;
            List<LocalServerLaunch.LocalPorts> ports = LocalClickHouseServer.freePortSets(count);
            String remoteServers = remoteServers(shards, replicas, ports, oneHost);
            int zooKeeperPort = zooKeeper.getPort();
            List<Node> nodes = startNodes(shards, replicas, ports, (shard, replica) -> {
                TcpRelay relay = TcpRelay.start(zooKeeperPort, "zookeeper-" + shard + "-" + replica);
                relays.add(relay);
                return new ClusterNodeLaunch(binary, host(shard, replica, replicas, oneHost), shard, replica, relay.port(),
                        remoteServers);
            });
            ClickHouseCluster cluster = new ClickHouseCluster(zooKeeper, nodes, relays);
            LOG.info("Test cluster {} ({} shards x {} replicas, ClickHouse {}, ZooKeeper on port {}) ready in {} ms: {}",
                    NAME, shards, replicas, nodes.get(0).server().version(), zooKeeper.getPort(),
                    (System.nanoTime() - started) / 1_000_000, nodes);
            return cluster;
        } catch (Exception e) {
            relays.forEach(TcpRelay::close);
            if (zooKeeper != null) {
                try {
                    zooKeeper.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new IllegalStateException("could not start the test cluster: " + e.getMessage(), e);
        }
    }

    /**
     * Starts one node per shard and replica, in parallel, on {@code ports} (shard by shard, replica by replica), as
     * {@code launch} says; returns them in that order once every one answers {@code /ping}.
     */
    private static List<Node> startNodes(int shards, int replicas, List<LocalServerLaunch.LocalPorts> ports,
            java.util.function.BiFunction<Integer, Integer, LocalServerLaunch> launch) {
        List<CompletableFuture<Node>> starting = new ArrayList<>();
        for (int shard = 1; shard <= shards; shard++) {
            for (int replica = 1; replica <= replicas; replica++) {
                LocalServerLaunch nodeLaunch = launch.apply(shard, replica);
                LocalServerLaunch.LocalPorts nodePorts = ports.get((shard - 1) * replicas + replica - 1);
                int s = shard;
                int r = replica;
                starting.add(CompletableFuture.supplyAsync(
                        () -> new Node(s, r, LocalClickHouseServer.start(nodeLaunch, nodePorts))));
            }
        }
        return starting.stream().map(CompletableFuture::join).toList();
    }

    /** The cluster's name in {@code system.clusters} ({@value #NAME}). */
    public String name() {
        return NAME;
    }

    /** Every node, shard by shard, replica by replica. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node of {@code shard} and {@code replica}, both from 1. */
    public Node node(int shard, int replica) {
        return nodes.stream().filter(n -> n.shard() == shard && n.replica() == replica).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node shard " + shard + " replica " + replica));
    }

    /** The nodes of one shard. */
    public List<Node> shard(int shard) {
        return nodes.stream().filter(n -> n.shard() == shard).toList();
    }

    /** Every node's HTTP base URL, in {@link #nodes()} order. */
    public List<String> httpUrls() {
        return nodes.stream().map(Node::httpUrl).toList();
    }

    /** Runs {@code sql} on every node, in order (DDL for each node's local tables). */
    public void executeOnEveryNode(String sql) {
        for (Node node : nodes) {
            node.server().execute(sql);
        }
    }

    /**
     * Creates database {@code database} on every node, the local table {@code local} there with {@code columns}
     * and {@code orderBy}, and {@code distributed} over it with {@code shardingKey}. The local table is a
     * {@code ReplicatedMergeTree('/clickhouse/tables/{shard}/<database>.<local>', '{replica}')} where the cluster
     * is {@link #replicated()}, else a {@code MergeTree} with {@code non_replicated_deduplication_window = 1000}
     * (it deduplicates batches by token, as a Replicated table does).
     */
    public void createShardedTables(String database, String local, String distributed, String columns,
            String orderBy, String shardingKey) {
        createShardedTables(database, local, distributed, columns, orderBy, shardingKey, true);
    }

    /**
     * As {@link #createShardedTables(String, String, String, String, String, String)}; without
     * {@code tokenWindow} the chDB cluster's MergeTree local tables keep no deduplication window (they store a
     * retried batch twice), for tests that kill a node during inserts: ClickHouse writes a block's token to a
     * MergeTree's deduplication log before it renames the part into place (MergeTreeSink), so a server killed in
     * between drops the retry of a batch it never stored. Replicated tables commit the token with the part.
     */
    public void createShardedTables(String database, String local, String distributed, String columns,
            String orderBy, String shardingKey, boolean tokenWindow) {
        executeOnEveryNode("CREATE DATABASE IF NOT EXISTS " + database);
        String engine = replicated() ? "ReplicatedMergeTree('/clickhouse/tables/{shard}/" + database + "." + local
                + "', '{replica}') ORDER BY " + orderBy
                : "MergeTree() ORDER BY " + orderBy
                        + (tokenWindow ? " SETTINGS non_replicated_deduplication_window = 1000" : "");
        executeOnEveryNode("CREATE TABLE " + database + "." + local + " (" + columns + ") ENGINE = " + engine);
        executeOnEveryNode("CREATE TABLE " + database + "." + distributed + " AS " + database + "." + local
                + " ENGINE = Distributed(" + NAME + ", " + database + ", " + local + ", " + shardingKey + ")");
    }

    /** Cuts {@code node} off from ZooKeeper (its session expires; its Replicated tables turn read-only). */
    public void cutZooKeeper(Node node) {
        if (!replicated()) {
            throw new IllegalStateException("this cluster has no ZooKeeper");
        }
        relays.get(nodes.indexOf(node)).cut();
    }

    /** Lets {@code node} reach ZooKeeper again. */
    public void restoreZooKeeper(Node node) {
        relays.get(nodes.indexOf(node)).restore();
    }

    /** Stops every node and ZooKeeper. Idempotent. */
    @Override
    public synchronized void close() {
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        for (Node node : nodes) {
            try {
                ((AutoCloseable) node.server()).close();
            } catch (Exception e) {
                LOG.warn("could not stop {}", node, e);
            }
        }
        relays.forEach(TcpRelay::close);
        if (zooKeeper != null) {
            try {
                zooKeeper.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Each node has a loopback address of its own, {@code 127.0.0.2} onwards, as each host of a real cluster; on one
     * host all have {@code 127.0.0.1}.
     */
    private static String host(int shard, int replica, int replicas, boolean oneHost) {
        return oneHost ? "127.0.0.1" : "127.0.0." + (1 + (shard - 1) * replicas + replica);
    }

    private static String remoteServers(int shards, int replicas, List<LocalServerLaunch.LocalPorts> ports,
            boolean oneHost) {
        StringBuilder xml = new StringBuilder("<" + NAME + ">");
        for (int shard = 1; shard <= shards; shard++) {
            xml.append("<shard><internal_replication>true</internal_replication>");
            for (int replica = 1; replica <= replicas; replica++) {
                xml.append("<replica><host>").append(host(shard, replica, replicas, oneHost)).append("</host><port>")
                        .append(ports.get((shard - 1) * replicas + replica - 1).tcp()).append("</port></replica>");
            }
            xml.append("</shard>");
        }
        return xml.append("</").append(NAME).append(">").toString();
    }
}
