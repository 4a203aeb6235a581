package io.clicktype.batch.transport;

import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.engine.DistributedEngine;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.spi.TableEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClickHouseTransport} for a ClickHouse cluster ({@link ConnectionConfig#cluster()}): one client-v2
 * transport per node, the topology read from {@code system.clusters} and refreshed every
 * {@link ClusterConfig#topologyRefresh()}, batches routed as {@link ClusterMode} says.
 *
 * <p><b>Direct mode.</b> A batch goes whole to one shard's local table, shards chosen in turn by weight
 * ({@link ShardRotation}). Within the shard, a replica that fails with a retryable error gets the <em>same</em>
 * request sent to the next replica at once: if the first had stored it after all (the answer was lost), the
 * shard's Replicated table drops the second copy (same block hash on 18.16, same
 * {@code insert_deduplication_token} on current servers), so failover is exactly-once. A batch moves to another
 * shard only when no replica of its shard can have stored it (every failure was a refused connection or an
 * error answer); otherwise it is pinned to its shard and the batcher's retries (and replays) go there, because
 * another shard would not deduplicate it.
 *
 * <p><b>Distributed mode.</b> A batch goes to the table the row type names (the {@code Distributed} table) on
 * any live node; with {@link ClusterConfig#foregroundInsert()} it carries {@code insert_distributed_sync=1}, and
 * at start a warning says when the server would acknowledge before the shards have the rows.
 *
 * <p>Metadata ({@link #serverInfo()}, {@link #describeTable}, {@link #tableEngine}) is read through the
 * configured endpoints with failover, for direct mode from the local table. Thread-safe.
 */
public final class ClusterTransport implements ShardedTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransport.class);
    /** Batches kept pinned to their shard after a failure that may have stored them (oldest forgotten first). */
    private static final int MAX_PINNED = 10_000;
    static final String FOREGROUND_SETTING = "insert_distributed_sync";

    private final ConnectionConfig connection;
    private final ClusterConfig cluster;
    private final ClientV2Transport seed;
    private final Map<String, ClusterNode> nodes = new ConcurrentHashMap<>();
    private final Map<TableRef, TableRef> localTables = new ConcurrentHashMap<>();
    private final Map<String, Integer> pinned = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                    return size() > MAX_PINNED;
                }
            });
    private final AtomicInteger nodeTurn = new AtomicInteger();
    private final Object topologyLock = new Object();
    private volatile Routing routing;
    private volatile long refreshAt;

    /** The topology, the node serving each replica shard by shard, and each shard's turn among its replicas. */
    private record Routing(ClusterTopology topology, List<List<ClusterNode>> shards, ShardRotation rotation,
            Map<String, ClusterTopology.Replica> identified, java.util.concurrent.atomic.AtomicIntegerArray turns) {
    }

    private ClusterTransport(ConnectionConfig connection) {
        this.connection = connection;
        this.cluster = connection.cluster();
        this.seed = (ClientV2Transport) ClientV2Transport.create(connection.toBuilder().cluster(null).build());
    }

    /**
     * Creates the transport. Does not contact the servers: the topology is read on the first request.
     *
     * @throws IllegalArgumentException when {@code connection} names no cluster
     */
    public static ShardedTransport create(ConnectionConfig connection) {
        Objects.requireNonNull(connection, "connection");
        if (connection.cluster() == null) {
            throw new IllegalArgumentException("connection names no cluster; use ClientV2Transport.create");
        }
        return new ClusterTransport(connection);
    }

    @Override
    public void insert(InsertRequest request) {
        Objects.requireNonNull(request, "request");
        Routing current = routing();
        if (cluster.modeOf(request.table()) == ClusterMode.DISTRIBUTED) {
            insertAnywhere(current, cluster.foregroundInsert() ? withForeground(request) : request);
        } else {
            insertIntoOneShard(current, request);
        }
    }

    private void insertIntoOneShard(Routing current, InsertRequest request) {
        InsertRequest toShard = toLocalTable(request);
        String key = pinned.isEmpty() ? null : batchKey(request);
        Integer pinnedShard = key == null ? null : pinned.get(key);
        int shardCount = current.shards().size();
        int shard = pinnedShard != null && pinnedShard < shardCount ? pinnedShard
                : current.rotation().next(i -> anyUp(current.shards().get(i)));
        boolean[] tried = new boolean[shardCount];
        while (true) {
            tried[shard] = true;
            ShardFailure failure = sendToShard(current, shard, toShard);
            if (failure == null) {
                if (key != null) {
                    pinned.remove(key);
                }
                return;
            }
            if (failure.mayBeStored() || pinnedShard != null) {
                pinned.put(key != null ? key : batchKey(request), shard);
                throw failure.last();
            }
            int next = nextUntried(current, tried);
            if (next < 0) {
                throw failure.last();
            }
            LOG.warn("No replica of shard {} of cluster {} could be reached ({}); this batch of {} rows goes to "
                    + "shard {}", shard + 1, cluster.name(), failure.last().getMessage(), request.rows(), next + 1);
            shard = next;
        }
    }

    /** Why every replica of a shard failed: the last retryable failure, and whether any may have stored the batch. */
    private record ShardFailure(TransportException last, boolean mayBeStored) {
    }

    /**
     * Sends {@code request} to the replicas of shard index {@code shard} in turn until one acknowledges it.
     *
     * @return {@code null} when a replica acknowledged it, else why every replica failed retryably
     * @throws TransportException at once when a replica refuses it for good (the same on every replica)
     */
    private ShardFailure sendToShard(Routing current, int shard, InsertRequest request) {
        TransportException last = null;
        boolean mayBeStored = false;
        for (ClusterNode node : upFirst(current.shards().get(shard), current.turns().getAndIncrement(shard))) {
            try {
                node.insert(request);
                return null;
            } catch (TransportException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
                mayBeStored |= !certainlyNotStored(e);
                LOG.debug("insert into {} failed ({}); trying another replica of shard {}", node.endpoint(),
                        e.getMessage(), shard + 1);
            }
        }
        return new ShardFailure(last, mayBeStored);
    }

    /** In direct mode the request for the shards' local table. */
    private InsertRequest toLocalTable(InsertRequest request) {
        TableRef local = localTable(request.table());
        return local.equals(request.table()) ? request : request.withTable(local);
    }

    /**
     * A view of this transport that sends every insert to the replicas of shard {@code shardNumber} only, with
     * replica failover, in direct mode's local table; it never moves a batch to another shard: when no replica
     * acknowledges it, the insert fails (retryably) and the batch waits for its shard. Metadata, health and
     * {@link #clusterNodes()} are this transport's; closing the view closes nothing.
     *
     * @param shardNumber {@code shard_num}, from 1
     * @throws IllegalArgumentException when the cluster has no such shard
     */
    @Override
    public ClickHouseTransport shard(int shardNumber) {
        Routing current = routing();
        if (shardNumber < 1 || shardNumber > current.shards().size()) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " has shards 1.." + current.shards().size()
                    + ", not " + shardNumber);
        }
        return new ShardView(shardNumber);
    }

    /** Shard {@code shardNumber}'s part of this transport ({@link #shard(int)}). */
    private final class ShardView implements ClickHouseTransport {
        private final int shardNumber;

        ShardView(int shardNumber) {
            this.shardNumber = shardNumber;
        }

        @Override
        public void insert(InsertRequest request) {
            Objects.requireNonNull(request, "request");
            ShardFailure failure = sendToShard(routing(), shardNumber - 1,
                    cluster.modeOf(request.table()) == ClusterMode.DIRECT ? toLocalTable(request) : request);
            if (failure != null) {
                throw failure.last();
            }
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            return ClusterTransport.this.describeTable(table);
        }

        @Override
        public TableEngine tableEngine(TableRef table) {
            return ClusterTransport.this.tableEngine(table);
        }

        @Override
        public ServerInfo serverInfo() {
            return ClusterTransport.this.serverInfo();
        }

        @Override
        public void ping() {
            ClusterTransport.this.ping();
        }

        @Override
        public void close() {
            // the cluster transport owns the clients
        }

        @Override
        public String toString() {
            return "shard " + shardNumber + " of " + ClusterTransport.this;
        }
    }

    private void insertAnywhere(Routing current, InsertRequest request) {
        List<ClusterNode> all = current.shards().stream().flatMap(List::stream).toList();
        List<ClusterNode> order = upFirst(all, nodeTurn.getAndIncrement());
        TransportException last = null;
        for (ClusterNode node : order) {
            try {
                node.insert(request);
                return;
            } catch (TransportException e) {
                if (!e.retryable() || !certainlyNotStored(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static InsertRequest withForeground(InsertRequest request) {
        Map<String, String> settings = request.settings() == null ? new HashMap<>() : new HashMap<>(request.settings());
        settings.putIfAbsent(FOREGROUND_SETTING, "1");
        return request.withSettings(settings);
    }

    /** Whether the failed request cannot have been stored: refused before sending, or answered with an error. */
    private static boolean certainlyNotStored(TransportException e) {
        return e.httpStatus() != 0 || FailureClassifier.requestNotSent(e.getCause());
    }

    /** Identifies a batch across its retries: its deduplication token, else a checksum of its bytes. */
    private static String batchKey(InsertRequest request) {
        if (request.deduplicationToken() != null) {
            return request.deduplicationToken();
        }
        CRC32C crc = new CRC32C();
        crc.update(request.payload(), 0, request.length());
        return request.table() + "/" + request.rows() + "/" + request.length() + "/" + crc.getValue();
    }

    /** The nodes from a turning start, live ones first. */
    private static List<ClusterNode> upFirst(List<ClusterNode> nodes, int turn) {
        int size = nodes.size();
        List<ClusterNode> order = new ArrayList<>(size);
        List<ClusterNode> down = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ClusterNode node = nodes.get(Math.floorMod(turn + i, size));
            (node.up() ? order : down).add(node);
        }
        order.addAll(down);
        return order;
    }

    private static boolean anyUp(List<ClusterNode> replicas) {
        for (ClusterNode node : replicas) {
            if (node.up()) {
                return true;
            }
        }
        return false;
    }

    private static int nextUntried(Routing current, boolean[] tried) {
        int fallback = -1;
        for (int i = 0; i < tried.length; i++) {
            if (!tried[i]) {
                if (anyUp(current.shards().get(i))) {
                    return i;
                }
                fallback = fallback < 0 ? i : fallback;
            }
        }
        return fallback;
    }

    /**
     * In direct mode, the table each shard holds for {@code table}: the local table of a {@code Distributed}
     * table (its engine's third argument), else {@code table} itself. Read once per table.
     *
     * @throws TransportException not retryable when the Distributed table is over another cluster
     */
    private TableRef localTable(TableRef table) {
        TableRef known = localTables.get(table);
        if (known != null) {
            return known;
        }
        TableEngine engine = seed.tableEngine(table);
        TableRef local = table;
        DistributedEngine distributed = engine == null ? null : DistributedEngine.parse(engine.definition());
        if (distributed != null) {
            if (!distributed.cluster().equals(cluster.name())) {
                throw new TransportException("table " + table + " is a Distributed table over cluster '"
                        + distributed.cluster() + "', but the connection's cluster is '" + cluster.name()
                        + "' [not retryable]. To fix: set clicktype.batch.clickhouse.cluster to '"
                        + distributed.cluster() + "', or name a table of cluster '" + cluster.name() + "'.",
                        false, 0, 0, null);
            }
            String database = distributed.database() != null ? distributed.database()
                    : table.database() != null ? table.database() : engine.database();
            local = new TableRef(database, distributed.table());
            LOG.info("Cluster {} in direct mode: batches for {} go to each shard's {}", cluster.name(), table, local);
        }
        localTables.put(table, local);
        return local;
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        routing();
        return seed.describeTable(cluster.modeOf(table) == ClusterMode.DIRECT ? localTable(table) : table);
    }

    /**
     * In direct mode the engine of the shards' local table (what deduplicates a batch sent again); in distributed
     * mode the named table's, with a warning when its inserts would be acknowledged before any shard has them.
     */
    @Override
    public TableEngine tableEngine(TableRef table) {
        routing();
        if (cluster.modeOf(table) == ClusterMode.DIRECT) {
            return seed.tableEngine(localTable(table));
        }
        TableEngine engine = seed.tableEngine(table);
        if (engine != null && "Distributed".equals(engine.name()) && !cluster.foregroundInsert()
                && "0".equals(serverSetting(FOREGROUND_SETTING))) {
            LOG.warn("Inserts into Distributed table {} are background ({} = 0): the node acknowledges a batch once "
                    + "it is queued on its disk, before any shard has the rows, and a lost node loses its queue. To "
                    + "wait for the shards set clicktype.batch.clickhouse.cluster-foreground-insert=true "
                    + "(ClusterConfig.foregroundInsert), or use cluster-mode: direct.", table, FOREGROUND_SETTING);
        }
        return engine;
    }

    private String serverSetting(String name) {
        String body = seed.query("SELECT value FROM system.settings WHERE name = " + TabSeparated.literal(name)
                + " FORMAT TabSeparated", "read setting " + name, "server");
        return body.trim();
    }

    @Override
    public ServerInfo serverInfo() {
        return seed.serverInfo();
    }

    @Override
    public void ping() {
        seed.ping();
    }

    @Override
    public List<ClusterNodeState> clusterNodes() {
        Routing current = routing;
        if (current == null) {
            try {
                current = routing();
            } catch (TransportException e) {
                return List.of();
            }
        }
        List<ClusterNodeState> states = new ArrayList<>();
        List<ClusterTopology.Shard> shards = current.topology().shards();
        for (int s = 0; s < shards.size(); s++) {
            ClusterTopology.Shard shard = shards.get(s);
            for (int r = 0; r < shard.replicas().size(); r++) {
                states.add(current.shards().get(s).get(r).state(shard.replicas().get(r), shard.weight()));
            }
        }
        return states;
    }

    @Override
    public void close() {
        seed.close();
        nodes.values().forEach(ClusterNode::close);
    }

    /** The routing, read on first use and again once {@link ClusterConfig#topologyRefresh()} has passed. */
    private Routing routing() {
        Routing current = routing;
        if (current != null && System.nanoTime() - refreshAt < 0) {
            return current;
        }
        synchronized (topologyLock) {
            current = routing;
            if (current != null && System.nanoTime() - refreshAt < 0) {
                return current;
            }
            try {
                routing = readRouting(current);
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

    private Routing readRouting(Routing previous) {
        String operation = "read the topology of cluster " + cluster.name();
        List<List<String>> rows = TabSeparated.parse(seed.query(ClusterTopology.query(cluster.name()), operation,
                cluster.name()));
        List<String> known = rows.isEmpty() ? TabSeparated.parse(seed.query(
                "SELECT DISTINCT cluster FROM system.clusters FORMAT TabSeparated", operation, cluster.name()))
                .stream().map(row -> row.get(0)).toList() : List.of();
        ClusterTopology topology = ClusterTopology.parse(cluster.name(), rows, seed.toString(), known);
        Map<String, ClusterTopology.Replica> identified = new LinkedHashMap<>();
        for (String endpoint : connection.endpoints()) {
            ClusterTopology.Replica self = identify(endpoint, topology);
            if (self == null && previous != null) {
                self = previous.identified().get(endpoint);
            }
            if (self != null) {
                identified.put(endpoint, self);
            }
        }
        Map<ClusterTopology.Replica, String> addresses = NodeAddresses.map(topology, identified,
                connection.endpoints().get(0));
        if (previous == null) {
            checkGuessedAddresses(topology, identified, addresses);
        }
        List<List<ClusterNode>> shards = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (ClusterTopology.Shard shard : topology.shards()) {
            List<ClusterNode> replicas = new ArrayList<>();
            for (ClusterTopology.Replica replica : shard.replicas()) {
                replicas.add(nodes.computeIfAbsent(addresses.get(replica), this::newNode));
            }
            shards.add(List.copyOf(replicas));
            weights.add(shard.weight());
        }
        if (previous == null) {
            LOG.info("Cluster {}: {} shard(s), mode {}{}: {}", cluster.name(), shards.size(), cluster.mode(),
                    cluster.tableModes().isEmpty() ? "" : " (tables " + cluster.tableModes() + ")",
                    addresses.entrySet().stream().map(e -> e.getKey() + " at " + EndpointClients.withoutUserInfo(
                            e.getValue())).toList());
        }
        // an unchanged topology keeps its turns, so a refresh does not send the next batches to the same places again
        boolean unchanged = previous != null && previous.topology().equals(topology);
        ShardRotation rotation = unchanged ? previous.rotation() : new ShardRotation(weights);
        java.util.concurrent.atomic.AtomicIntegerArray turns = unchanged ? previous.turns()
                : new java.util.concurrent.atomic.AtomicIntegerArray(shards.size());
        return new Routing(topology, List.copyOf(shards), rotation, Map.copyOf(identified), turns);
    }

    /**
     * At start, asks every node reached by the port rule (no configured url named it) which node it is: one that
     * says it is another node fails start-up with the fix; one that does not answer is logged (it may be down, or
     * listen elsewhere), and its batches go to the other replicas until it answers.
     *
     * @throws TransportException not retryable when a guessed address is another node's
     */
    private void checkGuessedAddresses(ClusterTopology topology, Map<String, ClusterTopology.Replica> identified,
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
                        + "take its batches.", cluster.name(), entry.getKey(), shown);
            } else if (!answer.equals(entry.getKey())) {
                throw new TransportException("cluster '" + cluster.name() + "': the port rule reaches "
                        + entry.getKey() + " at " + shown + ", but that address is " + answer
                        + " [not retryable]. To fix: list every node's HTTP url in clicktype.batch.clickhouse.url "
                        + "(ConnectionConfig endpoints), comma-separated.", false, 0, 0, null);
            }
        }
    }

    /**
     * The replica {@code endpoint} is, or {@code null} when it cannot tell. First without asking it: the one replica
     * whose {@code host_name} or {@code host_address} is the endpoint's host (each node on a host of its own, as in
     * most clusters), so a configured node that is down at start is still mapped to its own url. Where several
     * replicas share the host, or none has it (an alias, a load balancer), the endpoint is asked for the rows of its
     * {@code system.clusters} marked {@code is_local} (per replica on current servers; 18.16 marks every replica of
     * its own shard), narrowed by host; an endpoint that does not answer is asked again at the next refresh.
     */
    private ClusterTopology.Replica identify(String endpoint, ClusterTopology topology) {
        List<ClusterTopology.Replica> byHost = onHostOf(endpoint, topology);
        return byHost.size() == 1 ? byHost.get(0) : askWhichNode(endpoint, topology, byHost);
    }

    /** The replicas whose {@code host_name} or {@code host_address} is {@code endpoint}'s host. */
    private static List<ClusterTopology.Replica> onHostOf(String endpoint, ClusterTopology topology) {
        String host = java.net.URI.create(EndpointClients.withoutUserInfo(endpoint)).getHost();
        String bare = host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return topology.replicas().stream().filter(r -> r.host().equals(bare) || r.address().equals(bare)).toList();
    }

    /**
     * Asks {@code endpoint} which replica it is: the rows of its {@code system.clusters} marked {@code is_local},
     * narrowed to {@code byHost} where that leaves one; {@code null} when it does not answer or cannot tell.
     */
    private ClusterTopology.Replica askWhichNode(String endpoint, ClusterTopology topology,
            List<ClusterTopology.Replica> byHost) {
        ClusterNode node = nodes.computeIfAbsent(endpoint, this::newNode);
        try {
            List<List<String>> local = TabSeparated.parse(((ClientV2Transport) node.transport()).query(
                    "SELECT shard_num, replica_num FROM system.clusters WHERE cluster = "
                            + TabSeparated.literal(cluster.name()) + " AND is_local = 1 FORMAT TabSeparated",
                    "ask which node of cluster " + cluster.name() + " this is", cluster.name()));
            List<ClusterTopology.Replica> marked = local.stream().map(row -> find(topology,
                    Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1)))).filter(Objects::nonNull).toList();
            if (marked.size() > 1 && !byHost.isEmpty()) {
                marked = marked.stream().filter(byHost::contains).toList();
            }
            return marked.size() == 1 ? marked.get(0) : null;
        } catch (TransportException e) {
            LOG.debug("{} could not say which node of cluster {} it is: {}", node.endpoint(), cluster.name(),
                    e.getMessage());
            return null;
        }
    }

    private static ClusterTopology.Replica find(ClusterTopology topology, int shard, int replica) {
        return topology.replicas().stream().filter(r -> r.shard() == shard && r.replica() == replica).findFirst()
                .orElse(null);
    }

    private ClusterNode newNode(String endpoint) {
        return new ClusterNode(endpoint, ClientV2Transport.create(connection.toBuilder().cluster(null)
                .endpoints(List.of(endpoint)).build()));
    }

    @Override
    public String toString() {
        return "ClusterTransport[" + cluster.name() + ", " + cluster.mode() + ", seeds " + seed + "]";
    }
}
