package io.clicktype.batch;

/**
 * Where a batch goes when the connection names a ClickHouse cluster ({@link ClusterConfig}).
 *
 * <p>ClickHouse's docs ("Distributed table engine", section on writing data) describe both ways in: inserting
 * into the {@code Distributed} table, which splits each insert by its sharding key and forwards the pieces, or
 * writing to the shards' local tables yourself, "the most flexible and efficient" way. docs/cluster.md compares
 * them as measured here.
 */
public enum ClusterMode {

    /**
     * Each batch is inserted into the table named by the row type, normally the {@code Distributed} table, on
     * any live node; the node splits it over the shards. Whether the insert is acknowledged before the shards
     * have the rows depends on {@code insert_distributed_sync} ({@code distributed_foreground_insert} from 23.x):
     * see {@link ClusterConfig#foregroundInsert()}.
     */
    DISTRIBUTED,

    /**
     * Each batch goes whole to one shard's local table (found from the {@code Distributed} table's engine
     * arguments), shards chosen in turn by their weights; when a replica fails, the same batch is sent to
     * another replica of that shard, which the shard's Replicated table deduplicates, so failover is
     * exactly-once. A batch goes to another shard only when no replica of its shard can have stored it.
     */
    DIRECT
}
