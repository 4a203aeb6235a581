package io.clicktype.batch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.ShardedBatcher;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseCluster;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Direct mode on a cluster whose nodes share one host, each on its own ports (a docker-compose development cluster,
 * several servers on one machine): {@code system.clusters} names every node by the same host, so each configured
 * url is asked which node it is. On 18.16, whose {@code is_local} marks every replica of the node's shard, the native
 * port the node registered for its replicated tables picks the replica; on 26.7 {@code is_local} does. The shared
 * test cluster gives each node a loopback address of its own, so it never needs to ask.
 */
@ClickHouseTest
class OneHostClusterIT {

    @ClickTable("events")
    record Event(long id, String payload) {
    }

    @Test
    void directModeWithEveryNodesUrlFindsEachNodeAndRowsLandOnTheirShards(ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeCluster(server);
        String database = "one_host_direct";
        int rows = 10_000;
        try (ClickHouseCluster cluster = ClickHouseCluster.startOnOneHost()) {
            ConnectionConfig connection = ConnectionConfig.builder().endpoints(cluster.httpUrls()).database(database)
                    .cluster(ClusterConfig.of(ClickHouseCluster.NAME, ClusterMode.DIRECT)).build();
            if (cluster.replicated()) {
                // 18.16 without a replicated table: nothing tells the replicas of a shard apart, and the error says
                // so and what to do, not to list the urls that are all listed
                cluster.executeOnEveryNode("CREATE DATABASE IF NOT EXISTS " + database);
                try (ShardedTransport transport = ClickHouseTransports.cluster(connection)) {
                    assertThatThrownBy(() -> transport.shard(1))
                            .isInstanceOf(TransportException.class)
                            .hasMessageContaining("could not say which node they are")
                            .hasMessageContaining("before 19.17 marks every replica of its own shard")
                            .hasMessageContaining("create the cluster's ReplicatedMergeTree tables on every node")
                            .hasMessageNotContaining("list every node's HTTP url");
                }
            }
            // Sharding key: the bare id, so ClickHouse's own rule (id modulo the total weight) is ours.
            cluster.createShardedTables(database, "events_local", "events", "id UInt64, payload String", "id", "id");
            BatchConfig config = BatchConfig.builder().maxRows(1_000).maxWait(Duration.ofMillis(50)).build();

            try (ShardedTransport transport = ClickHouseTransports.cluster(connection)) {
                assertThat(transport.clusterNodes()).hasSize(cluster.nodes().size()).allSatisfy(state ->
                        assertThat(state.endpoint()).as("the url of shard %d replica %d", state.shard(),
                                state.replica()).isEqualTo(cluster.node(state.shard(), state.replica()).httpUrl()));
                try (ShardedBatcher<Event> sharded = ShardedBatcher.builder(Event.class, Event::id)
                        .transport(transport).config(config).build()) {
                    BatcherHandle<Event> handle = sharded.start();
                    for (long id = 0; id < rows; id++) {
                        handle.insert(new Event(id, "e" + id));
                    }
                    handle.flush().get(30, TimeUnit.SECONDS);
                    assertThat(sharded.stats()).allSatisfy(stats -> assertThat(stats.lostRows()).isZero());
                }
                assertThat(transport.clusterNodes()).extracting(ClusterNodeState::failures).containsOnly(0L);
            }

            for (ClickHouseCluster.Node node : cluster.nodes()) {
                // every replica has its shard's rows (replicas fetch what the other was given), and only those
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node.server().execute(
                        "SELECT count(), uniqExact(id), countIf(id % 2 != " + (node.shard() - 1) + ") FROM "
                                + database + ".events_local").trim()).as("%s", node)
                        .isEqualTo(rows / 2 + "\t" + rows / 2 + "\t0"));
            }
            assertThat(cluster.node(1, 1).server().execute("SELECT count(), uniqExact(id), min(id), max(id) FROM "
                    + database + ".events").trim()).isEqualTo(rows + "\t" + rows + "\t0\t" + (rows - 1));
        }
    }
}
