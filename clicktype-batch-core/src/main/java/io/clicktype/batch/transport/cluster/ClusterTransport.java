package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.spi.TableEngine;
import io.clicktype.batch.transport.ClientV2Transport;
import io.clicktype.batch.transport.ReplicaSet;
import io.clicktype.batch.transport.TabSeparated;
import io.clicktype.batch.transport.TextQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ShardedTransport} for a ClickHouse cluster ({@link ConnectionConfig#cluster()}): one client-v2 transport per
 * node, the topology read and refreshed by a {@link TopologyReader}, batches routed as {@link ClusterMode} says.
 * This class routes; reading the topology, telling nodes apart, finding local tables, pinning batches and failing
 * over between replicas ({@link ReplicaSet}) are the jobs of the classes beside it.
 *
 * <p><b>Direct mode.</b> A batch goes whole to one shard's local table ({@link LocalTables}), shards chosen in turn
 * by weight ({@link ShardRotation}). Within the shard, a replica that fails with a retryable error gets the
 * <em>same</em> request sent to the next replica at once: if the first had stored it after all (the answer was
 * lost), the shard's Replicated table drops the second copy (same block hash on 18.16, same
 * {@code insert_deduplication_token} on current servers), so failover is exactly-once. A batch moves to another
 * shard only when no replica of its shard can have stored it (every failure was a refused connection or an error
 * answer); otherwise it is pinned to its shard ({@link ShardPins}) and the batcher's retries (and replays) go there,
 * because another shard would not deduplicate it.
 *
 * <p><b>Distributed mode.</b> A batch goes to the table the row type names (the {@code Distributed} table) on any
 * live node; with {@link ClusterConfig#foregroundInsert()} it carries {@code insert_distributed_sync=1}, and at start
 * a warning says when the server would acknowledge before the shards have the rows.
 *
 * <p>Metadata ({@link #serverInfo()}, {@link #describeTable}, {@link #tableEngine}) is read through the configured
 * endpoints with failover, for direct mode from the local table. Thread-safe.
 */
public final class ClusterTransport implements ShardedTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransport.class);
    static final String FOREGROUND_SETTING = "insert_distributed_sync";

    private final ClusterConfig cluster;
    private final ClickHouseTransport seed;
    private final TextQuery seedQuery;
    private final TopologyReader topology;
    private final LocalTables localTables;
    private final ShardPins pins = new ShardPins();

    /**
     * @param seed      metadata through the configured endpoints, with failover
     * @param seedQuery statements through the same client as {@code seed}
     * @param newNode   the node for an HTTP address of the cluster (called once per address)
     */
    ClusterTransport(ClusterConfig cluster, List<String> endpoints, ClickHouseTransport seed, TextQuery seedQuery,
            Function<String, ClusterNode> newNode) {
        this.cluster = cluster;
        this.seed = seed;
        this.seedQuery = seedQuery;
        this.topology = new TopologyReader(cluster, endpoints, seedQuery, seed.toString(), newNode);
        this.localTables = new LocalTables(cluster.name(), seed);
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
        ClientV2Transport seed = ClientV2Transport.create(connection.toBuilder().cluster(null).build());
        return new ClusterTransport(connection.cluster(), connection.endpoints(), seed, seed::query, endpoint -> {
            ClientV2Transport node = ClientV2Transport.create(connection.toBuilder().cluster(null)
                    .endpoints(List.of(endpoint)).build());
            return new ClusterNode(endpoint, node, node::query);
        });
    }

    @Override
    public void insert(InsertRequest request) {
        Objects.requireNonNull(request, "request");
        Routing current = topology.current();
        if (cluster.modeOf(request.table()) == ClusterMode.DISTRIBUTED) {
            insertAnywhere(current, cluster.foregroundInsert() ? withForeground(request) : request);
        } else {
            insertIntoOneShard(current, request);
        }
    }

    private void insertIntoOneShard(Routing current, InsertRequest request) {
        InsertRequest toShard = toLocalTable(request);
        String key = pins.keyIfAnyPinned(request);
        Integer pinnedShard = pins.shardOf(key);
        int shardCount = current.shardCount();
        int shard = pinnedShard != null && pinnedShard < shardCount ? pinnedShard
                : current.rotation().next(i -> current.shards().get(i).anyLive());
        boolean[] tried = new boolean[shardCount];
        while (true) {
            tried[shard] = true;
            ShardFailure failure = sendToShard(current, shard, toShard);
            if (failure == null) {
                pins.release(key);
                return;
            }
            if (failure.mayBeStored() || pinnedShard != null) {
                pins.pin(key, request, shard);
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
        InsertFailover.WithinShard judge = new InsertFailover.WithinShard(shard + 1);
        try {
            current.shards().get(shard).call(node -> {
                node.insert(request);
                return null;
            }, judge, null);
            return null;
        } catch (TransportException e) {
            if (!e.retryable()) {
                throw e;
            }
            return new ShardFailure(e, judge.mayBeStored());
        }
    }

    /** Shard {@code shardNumber}'s part of this transport, for {@link ShardView}: never moves a batch elsewhere. */
    void insertIntoShard(int shardNumber, InsertRequest request) {
        Objects.requireNonNull(request, "request");
        ShardFailure failure = sendToShard(topology.current(), shardNumber - 1,
                cluster.modeOf(request.table()) == ClusterMode.DIRECT ? toLocalTable(request) : request);
        if (failure != null) {
            throw failure.last();
        }
    }

    /** In direct mode the request for the shards' local table. */
    private InsertRequest toLocalTable(InsertRequest request) {
        TableRef local = localTables.of(request.table());
        return local.equals(request.table()) ? request : request.withTable(local);
    }

    /**
     * A view of this transport that sends every insert to the replicas of shard {@code shardNumber} only, with
     * replica failover, in direct mode's local table; it never moves a batch to another shard: when no replica
     * acknowledges it, the insert fails (retryably) and the batch waits for its shard. Metadata and health are this
     * transport's; closing the view closes nothing.
     *
     * @param shardNumber {@code shard_num}, from 1
     * @throws IllegalArgumentException when the cluster has no such shard
     */
    @Override
    public ClickHouseTransport shard(int shardNumber) {
        int shards = topology.current().shardCount();
        if (shardNumber < 1 || shardNumber > shards) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " has shards 1.." + shards + ", not "
                    + shardNumber);
        }
        return new ShardView(this, shardNumber);
    }

    private void insertAnywhere(Routing current, InsertRequest request) {
        current.anywhere().call(node -> {
            node.insert(request);
            return null;
        }, InsertFailover.ANYWHERE, null);
    }

    private static InsertRequest withForeground(InsertRequest request) {
        Map<String, String> settings = request.settings() == null ? new HashMap<>() : new HashMap<>(request.settings());
        settings.putIfAbsent(FOREGROUND_SETTING, "1");
        return request.withSettings(settings);
    }

    private static int nextUntried(Routing current, boolean[] tried) {
        int fallback = -1;
        for (int i = 0; i < tried.length; i++) {
            if (!tried[i]) {
                if (current.shards().get(i).anyLive()) {
                    return i;
                }
                fallback = fallback < 0 ? i : fallback;
            }
        }
        return fallback;
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        topology.current();
        return seed.describeTable(cluster.modeOf(table) == ClusterMode.DIRECT ? localTables.of(table) : table);
    }

    /**
     * In direct mode the engine of the shards' local table (what deduplicates a batch sent again); in distributed
     * mode the named table's, with a warning when its inserts would be acknowledged before any shard has them.
     */
    @Override
    public TableEngine tableEngine(TableRef table) {
        topology.current();
        if (cluster.modeOf(table) == ClusterMode.DIRECT) {
            return seed.tableEngine(localTables.of(table));
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
        String body = seedQuery.run("SELECT value FROM system.settings WHERE name = " + TabSeparated.literal(name)
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
        Routing current = topology.lastRead();
        if (current == null) {
            try {
                current = topology.current();
            } catch (TransportException e) {
                return List.of();
            }
        }
        List<ClusterNodeState> states = new ArrayList<>();
        List<ClusterTopology.Shard> shards = current.topology().shards();
        for (int s = 0; s < shards.size(); s++) {
            ClusterTopology.Shard shard = shards.get(s);
            for (int r = 0; r < shard.replicas().size(); r++) {
                states.add(current.shards().get(s).members().get(r).state(shard.replicas().get(r), shard.weight()));
            }
        }
        return states;
    }

    @Override
    public void close() {
        seed.close();
        topology.nodes().forEach(ClusterNode::close);
    }

    @Override
    public String toString() {
        return "ClusterTransport[" + cluster.name() + ", " + cluster.mode() + ", seeds " + seed + "]";
    }
}
