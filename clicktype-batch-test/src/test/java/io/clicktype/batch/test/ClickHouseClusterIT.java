package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test cluster is what later cluster tests rely on: replication, block deduplication, restarts, read-only. */
@ClickHouseTest
class ClickHouseClusterIT {

    @Test
    void replicatesDeduplicatesRestartsAndTurnsReadOnlyWithoutZooKeeper(ClickHouseServer server) {
        ClickHouseAssumptions.assumeReplicatedCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        cluster.createShardedTables("harness_it", "events_local", "events", "id UInt64", "id", "id");
        ClickHouseCluster.Node first = cluster.node(1, 1);
        ClickHouseCluster.Node second = cluster.node(1, 2);

        assertThat(first.server().execute("SELECT count() FROM system.clusters WHERE cluster = '"
                + ClickHouseCluster.NAME + "'").trim()).isEqualTo("4");
        first.server().execute("INSERT INTO harness_it.events_local VALUES (1), (2)");
        first.server().execute("INSERT INTO harness_it.events_local VALUES (1), (2)");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                second.server().execute("SELECT count() FROM harness_it.events_local").trim()).isEqualTo("2"));
        cluster.node(2, 1).server().execute("INSERT INTO harness_it.events_local VALUES (3)");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                cluster.node(2, 2).server().execute("SELECT count() FROM harness_it.events").trim()).isEqualTo("3"));

        second.server().stop();
        second.server().start();
        assertThat(second.server().execute("SELECT count() FROM harness_it.events_local").trim()).isEqualTo("2");

        cluster.cutZooKeeper(first);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> first.server()
                    .execute("INSERT INTO harness_it.events_local VALUES (4)")).hasMessageContaining("read"));
        } finally {
            cluster.restoreZooKeeper(first);
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            first.server().execute("INSERT INTO harness_it.events_local VALUES (5)");
            return true;
        });
    }

    /**
     * A chDB node can abort by itself (ClickHouseCluster#startChdb): the harness starts it again, on the same port
     * and data, and keeps the crashed run's log.
     */
    @Test
    void aChdbNodeThatDiesByItselfIsStartedAgainWithItsData(ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        org.junit.jupiter.api.Assumptions.assumeFalse(cluster.replicated(), "only the chDB cluster restarts nodes");
        cluster.createShardedTables("harness_crash", "events_local", "events", "id UInt64", "id", "id");
        ClickHouseCluster.Node node = cluster.node(2, 1);
        node.server().execute("INSERT INTO harness_crash.events_local VALUES (1), (2)");
        ProcessHandle crashed = ((LocalClickHouseServer) node.server()).process().orElseThrow();

        crashed.destroyForcibly();
        crashed.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                node.server().execute("SELECT count() FROM harness_crash.events_local").trim()).isEqualTo("2"));
        assertThat(((LocalClickHouseServer) node.server()).process()).get().isNotEqualTo(crashed);
    }
}
