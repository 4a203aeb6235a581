package io.clicktype.batch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.FailedBatch;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseCluster;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A column widened on a cluster (the shards' local tables, then the Distributed table, as a migration does) while
 * batches wait encoded for the old type, in both cluster modes: every value lands exactly, nothing is handed over.
 * The values sit at the ends of Int32, where a misread shows.
 */
@ClickHouseTest
class ClusterSchemaChangeIT {

    @ClickTable("readings")
    record Reading(long id, int v) {
        static Reading of(long id) {
            return new Reading(id, id % 2 == 1 ? Integer.MAX_VALUE - (int) id : Integer.MIN_VALUE + (int) id);
        }
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void aColumnWidenedOnEveryNodeWhileBatchesWaitLandsExactly(ClusterMode mode, ClickHouseServer server)
            throws Exception {
        ClickHouseAssumptions.assumeCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        String database = "altered_" + mode.name().toLowerCase(Locale.ROOT);
        cluster.executeOnEveryNode("DROP DATABASE IF EXISTS " + database);
        cluster.createShardedTables(database, "readings_local", "readings", "id UInt64, v Int32", "id", "id");
        ConnectionConfig connection = ConnectionConfig.builder().endpoints(cluster.httpUrls()).database(database)
                // foreground inserts: a batch is acknowledged once the shards have it, no background queue between
                .cluster(new ClusterConfig(ClickHouseCluster.NAME, mode, true, ClusterConfig.DEFAULT_TOPOLOGY_REFRESH))
                .build();
        List<FailedBatch> handedOver = new CopyOnWriteArrayList<>();
        try (ShardedTransport transport = ClickHouseTransports.cluster(connection);
                Batcher<Reading> batcher = Batcher.builder(Reading.class).transport(transport)
                        .config(BatchConfig.builder().maxWait(Duration.ofHours(1)).build())
                        .failedBatchHandler(handedOver::add).closeOnJvmExit(false).build()) {
            BatcherHandle<Reading> handle = batcher.start();
            for (long id = 1; id <= 40; id++) {
                handle.insert(Reading.of(id));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> handle.queuedRows() == 0);

            // a replicated local table is altered once per shard (its replicas follow); then the Distributed table
            for (int shard = 1; shard <= 2; shard++) {
                cluster.node(shard, 1).server().execute("ALTER TABLE " + database + ".readings_local MODIFY COLUMN "
                        + "v Int64");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.nodes().stream().allMatch(node -> node.server()
                    .execute("SELECT type FROM system.columns WHERE database = '" + database + "' AND table = "
                            + "'readings_local' AND name = 'v'").trim().equals("Int64")));
            cluster.executeOnEveryNode("ALTER TABLE " + database + ".readings MODIFY COLUMN v Int64");

            handle.flush().get(60, TimeUnit.SECONDS);
            for (long id = 41; id <= 60; id++) {
                handle.insert(Reading.of(id));
            }
            handle.flush().get(60, TimeUnit.SECONDS);
        }

        assertThat(handedOver).isEmpty();
        String check = "SELECT countIf(v != if(id % 2 = 1, toInt64(2147483647) - toInt64(id), toInt64(-2147483648) "
                + "+ toInt64(id))), count(), uniqExact(id) FROM " + database + ".readings";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.node(1, 1).server()
                .execute(check).trim()).isEqualTo("0\t60\t60"));
        cluster.executeOnEveryNode("DROP DATABASE IF EXISTS " + database);
    }
}
