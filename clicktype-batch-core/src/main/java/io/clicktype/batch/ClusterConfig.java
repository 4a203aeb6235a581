package io.clicktype.batch;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The ClickHouse cluster a connection writes to: its name in the servers' {@code system.clusters} (the
 * {@code <remote_servers>} entry) and how batches reach its shards. The topology (shards, weights, replicas)
 * is read from {@code system.clusters} at start and again every {@code topologyRefresh}.
 *
 * <p>{@code system.clusters} names each replica by host and <em>native</em> (TCP) port only, so the HTTP
 * address of each node comes from the connection's endpoints: an endpoint is the node on its host, or, where
 * several nodes share the host, it is asked which node it is ({@code is_local}; on 18.16, which marks every replica
 * of its shard, the native port it registered in ZooKeeper for its replicated tables); a node no endpoint answers
 * for is reached at its host with the scheme and port of the first endpoint (one HTTP port on every host, as in
 * most clusters). Start-up fails, naming the node and the fix, when that address is already another node's: why
 * each endpoint that could not tell could not, else the missing endpoint (docs/cluster.md, "Addresses").
 *
 * @param name             the cluster's name in {@code system.clusters}
 * @param mode             where batches go (default {@link ClusterMode#DISTRIBUTED})
 * @param foregroundInsert in {@link ClusterMode#DISTRIBUTED} mode, send {@code insert_distributed_sync=1} with
 *                         every insert, so that a batch is acknowledged only once every shard has its rows
 *                         (default false: the server's setting decides, and a warning at start says when that
 *                         is background, i.e. acknowledged once queued on the receiving node)
 * @param topologyRefresh  how often {@code system.clusters} is read again (default 60 s; > 0)
 * @param tableModes       the mode of particular tables where it is not {@code mode}, by table name as
 *                         {@code @ClickTable} gives it ({@code events} or {@code analytics.events}); empty by default
 */
public record ClusterConfig(String name, ClusterMode mode, boolean foregroundInsert, Duration topologyRefresh,
        Map<String, ClusterMode> tableModes) {

    /** How often the topology is read again unless said otherwise. */
    public static final Duration DEFAULT_TOPOLOGY_REFRESH = Duration.ofSeconds(60);

    /** Validates the fields; a bad one is a {@link ConfigValueException} naming it. */
    public ClusterConfig {
        if (name == null || name.isBlank()) {
            throw new ConfigValueException("cluster", name, "the cluster name must be the name of a cluster in the "
                    + "servers' system.clusters (SELECT DISTINCT cluster FROM system.clusters)");
        }
        mode = Objects.requireNonNullElse(mode, ClusterMode.DISTRIBUTED);
        topologyRefresh = Objects.requireNonNullElse(topologyRefresh, DEFAULT_TOPOLOGY_REFRESH);
        if (topologyRefresh.isNegative() || topologyRefresh.isZero()) {
            throw new ConfigValueException("topologyRefresh", topologyRefresh, "topologyRefresh must be > 0, was "
                    + topologyRefresh);
        }
        tableModes = tableModes == null ? Map.of() : Map.copyOf(tableModes);
    }

    /** A cluster whose tables all use {@code mode}. */
    public ClusterConfig(String name, ClusterMode mode, boolean foregroundInsert, Duration topologyRefresh) {
        this(name, mode, foregroundInsert, topologyRefresh, Map.of());
    }

    /**
     * The mode of {@code table}: its entry in {@link #tableModes()} by qualified name ({@code db.table}), else by
     * name alone, else {@link #mode()}.
     */
    public ClusterMode modeOf(TableRef table) {
        if (tableModes.isEmpty()) {
            return mode;
        }
        ClusterMode own = tableModes.get(table.toString());
        if (own == null) {
            own = tableModes.get(table.table());
        }
        return own != null ? own : mode;
    }

    /** Cluster {@code name} in {@code mode}, other fields at their defaults. */
    public static ClusterConfig of(String name, ClusterMode mode) {
        return new ClusterConfig(name, mode, false, DEFAULT_TOPOLOGY_REFRESH);
    }
}
