package io.clicktype.batch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.ShardedBatcher;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseCluster;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows pinned to their shard by a sharding key ({@link ShardedBatcher}): each row lands on the shard the
 * {@code Distributed} table's own rule gives for the same key, and while a shard is down its rows wait, then
 * spill, and are replayed to that shard, never to another; the other shard's rows are not held up.
 */
@ClickHouseTest
class ShardedIngestIT {

    @ClickTable("events")
    record Event(long id, String payload) {
    }

    @TempDir
    Path spillRoot;

    @Test
    void rowsStayOnTheirShardAndWaitThenSpillWhileItIsDown(ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        String database = "sharded_direct";
        // Sharding key: the bare id, so ClickHouse's own rule (id modulo the total weight) is ours.
        cluster.createShardedTables(database, "events_local", "events", "id UInt64, payload String", "id", "id");
        ConnectionConfig connection = ConnectionConfig.builder().endpoints(cluster.httpUrls()).database(database)
                .connectTimeout(Duration.ofSeconds(1))
                .cluster(ClusterConfig.of(ClickHouseCluster.NAME, ClusterMode.DIRECT)).build();
        BatchConfig config = BatchConfig.builder().maxRows(1_000).maxWait(Duration.ofMillis(50)).maxRetries(2)
                .retryBaseDelay(Duration.ofMillis(10)).retryMaxDelay(Duration.ofMillis(20)).build();
        int rows = 20_000;
        Map<Integer, DiskSpill> spills = new ConcurrentHashMap<>();

        try (ShardedTransport transport = ClickHouseTransports.cluster(connection)) {
            ShardedBatcher<Event> sharded = ShardedBatcher.builder(Event.class, Event::id).transport(transport)
                    .config(config).failedBatchHandlers(shard -> spills.computeIfAbsent(shard, n -> DiskSpill
                            .builder(spillRoot.resolve("shard-" + n), transport.shard(n)).build()))
                    .build();
            try (sharded) {
                BatcherHandle<Event> handle = sharded.start();
                assertThat(sharded.shardOf(new Event(4, ""))).isEqualTo(1);
                assertThat(sharded.shardOf(new Event(7, ""))).isEqualTo(2);

                cluster.shard(2).forEach(node -> node.server().stop());
                try {
                    for (long id = 0; id < rows; id++) {
                        handle.insert(new Event(id, "e" + id));
                    }
                    // Shard 1's rows are written while shard 2 is down; shard 2's are spilled for shard 2.
                    sharded.shard(1).handle().flush().get(30, TimeUnit.SECONDS);
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            spills.get(2).stats().pendingRows()).isEqualTo(rows / 2));
                    // (read on replica 1, which may still be fetching a batch written to replica 2)
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            localCount(cluster, 1, database)).isEqualTo(rows / 2));
                } finally {
                    cluster.shard(2).forEach(node -> node.server().start());
                }
                assertThat(spills.get(2).replayNow()).isEqualTo(rows / 2);
                handle.flush().get(30, TimeUnit.SECONDS);
                assertThat(sharded.stats()).allSatisfy(stats -> assertThat(stats.lostRows()).isZero());
            }
        } finally {
            spills.values().forEach(DiskSpill::close);
        }

        for (int shard = 1; shard <= 2; shard++) {
            int s = shard;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(localCount(cluster, s, database))
                    .isEqualTo(rows / 2));
            ClickHouseCluster.Node node = cluster.node(shard, 1);
            assertThat(node.server().execute("SELECT count() FROM " + database + ".events_local WHERE id % 2 != "
                    + (shard - 1)).trim()).as("rows of shard %d that belong elsewhere", shard).isEqualTo("0");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.node(1, 1).server().execute(
                "SELECT count(), uniqExact(id) FROM " + database + ".events").trim()).isEqualTo(rows + "\t" + rows));
    }

    private static long localCount(ClickHouseCluster cluster, int shard, String database) {
        return Long.parseLong(cluster.node(shard, 1).server().execute("SELECT count() FROM " + database
                + ".events_local").trim());
    }
}
