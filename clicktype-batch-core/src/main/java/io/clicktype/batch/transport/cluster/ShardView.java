package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.util.List;

/**
 * One shard's part of a {@link ClusterTransport} ({@link ClusterTransport#shard(int)}), for rows that must stay on
 * their shard: inserts go to that shard's replicas only, with failover between them, and never to another shard.
 * A plain {@link ClickHouseTransport}, not a sharded one: a batcher on it writes to one shard. Metadata and health
 * are the cluster transport's; closing the view closes nothing (the cluster transport owns the clients).
 */
final class ShardView implements ClickHouseTransport {

    private final ClusterTransport cluster;
    private final int shardNumber;

    ShardView(ClusterTransport cluster, int shardNumber) {
        this.cluster = cluster;
        this.shardNumber = shardNumber;
    }

    @Override
    public void insert(InsertRequest request) {
        cluster.insertIntoShard(shardNumber, request);
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        return cluster.describeTable(table);
    }

    @Override
    public TableEngine tableEngine(TableRef table) {
        return cluster.tableEngine(table);
    }

    @Override
    public ServerInfo serverInfo() {
        return cluster.serverInfo();
    }

    @Override
    public void ping() {
        cluster.ping();
    }

    @Override
    public void close() {
        // the cluster transport owns the clients
    }

    @Override
    public String toString() {
        return "shard " + shardNumber + " of " + cluster;
    }
}
