package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of cluster routing: engine arguments, topology rows, node addresses, weighted shard turns. */
class ClusterRoutingTest {

    @Test
    void distributedEngineArgumentsAreReadBareOrQuotedWithTheShardingKeyAsAnExpression() {
        DistributedEngine bare = DistributedEngine.parse("Distributed(clicktype_test, ingest, events_local, intHash64(id))");
        DistributedEngine quoted = DistributedEngine.parse(
                "Distributed('my cluster', 'db', 'odd\\'name', cityHash64(user, 'x,y'), 'policy')");
        DistributedEngine noKey = DistributedEngine.parse("Distributed(c, currentDatabase(), t)");

        assertThat(bare).isEqualTo(new DistributedEngine("clicktype_test", "ingest", "events_local", "intHash64(id)"));
        assertThat(bare.deterministicKey()).isTrue();
        assertThat(quoted).isEqualTo(new DistributedEngine("my cluster", "db", "odd'name", "cityHash64(user, 'x,y')"));
        assertThat(noKey.database()).isNull();
        assertThat(noKey.shardingKey()).isNull();
        assertThat(DistributedEngine.parse("Distributed(c, db, t, rand())").deterministicKey()).isFalse();
        assertThat(DistributedEngine.parse("Distributed(c, db, t, rand64() % 3)").deterministicKey()).isFalse();
        assertThat(DistributedEngine.parse("Distributed(c, db, t, cityHash64(brand(x)))").deterministicKey()).isTrue();
        assertThat(DistributedEngine.parse("ReplicatedMergeTree('/p', '{replica}') ORDER BY id")).isNull();
    }

    @Test
    void topologyRowsBecomeShardsWithWeightsAndAnUnknownClusterNamesTheKnownOnes() {
        ClusterTopology topology = ClusterTopology.parse("c", List.of(
                List.of("1", "2", "1", "ch-1", "10.0.0.11", "9000"),
                List.of("1", "2", "2", "ch-2", "10.0.0.21", "9000"),
                List.of("2", "1", "1", "ch-3", "10.0.0.12", "9000")), "s", List.of());

        assertThat(topology.shards()).hasSize(2);
        assertThat(topology.shards().get(0).weight()).isEqualTo(2);
        assertThat(topology.shards().get(0).replicas()).extracting(ClusterTopology.Replica::host)
                .containsExactly("ch-1", "ch-2");
        assertThatThrownBy(() -> ClusterTopology.parse("nope", List.of(), "http://h:8123", List.of("a", "b")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("cluster 'nope' is not in system.clusters of http://h:8123 (it knows a, b)")
                .hasMessageContaining("clicktype.batch.clickhouse.cluster");
    }

    @Test
    void nodesNotNamedByAnEndpointAreReachedOnTheirHostAtTheFirstEndpointsPort() {
        ClusterTopology topology = ClusterTopology.parse("c", List.of(
                List.of("1", "1", "1", "ch-1", "10.0.0.11", "9000"),
                List.of("1", "1", "2", "ch-2", "10.0.0.21", "9000")), "s", List.of());
        ClusterTopology.Replica first = topology.replicas().get(0);

        Map<ClusterTopology.Replica, String> addresses = NodeAddresses.map(topology,
                Map.of("https://user:pw@ch-1:8443", first), "https://user:pw@ch-1:8443");

        assertThat(addresses.values()).containsExactly("https://user:pw@ch-1:8443", "https://ch-2:8443");
    }

    @Test
    void aNodeWhoseGuessedAddressIsAnotherNodesFailsWithTheFix() {
        ClusterTopology topology = ClusterTopology.parse("c", List.of(
                List.of("1", "1", "1", "127.0.0.1", "127.0.0.1", "9001"),
                List.of("1", "1", "2", "127.0.0.1", "127.0.0.1", "9002")), "s", List.of());

        assertThatThrownBy(() -> NodeAddresses.map(topology, Map.of("http://127.0.0.1:8123",
                topology.replicas().get(0)), "http://127.0.0.1:8123"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("shard 1 replica 2 (127.0.0.1:9002)")
                .hasMessageContaining("list every node's HTTP url in clicktype.batch.clickhouse.url");
    }

    @Test
    void aTablesOwnModeIsFoundByQualifiedNameThenByNameElseTheClustersMode() {
        io.clicktype.batch.ClusterConfig config = new io.clicktype.batch.ClusterConfig("c",
                io.clicktype.batch.ClusterMode.DIRECT, false, null, Map.of("audit", io.clicktype.batch.ClusterMode
                        .DISTRIBUTED, "db.raw", io.clicktype.batch.ClusterMode.DISTRIBUTED));

        assertThat(config.modeOf(new io.clicktype.batch.TableRef(null, "audit")))
                .isEqualTo(io.clicktype.batch.ClusterMode.DISTRIBUTED);
        assertThat(config.modeOf(new io.clicktype.batch.TableRef("x", "audit")))
                .isEqualTo(io.clicktype.batch.ClusterMode.DISTRIBUTED);
        assertThat(config.modeOf(new io.clicktype.batch.TableRef("db", "raw")))
                .isEqualTo(io.clicktype.batch.ClusterMode.DISTRIBUTED);
        assertThat(config.modeOf(new io.clicktype.batch.TableRef(null, "raw")))
                .isEqualTo(io.clicktype.batch.ClusterMode.DIRECT);
        assertThat(config.topologyRefresh()).isEqualTo(io.clicktype.batch.ClusterConfig.DEFAULT_TOPOLOGY_REFRESH);
    }

    @Test
    void shardsAreChosenInProportionToTheirWeightsSpreadOutAndOnlyAmongLiveOnes() {
        ShardRotation rotation = new ShardRotation(List.of(3, 1));
        List<Integer> turns = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            turns.add(rotation.next(shard -> true));
        }
        assertThat(turns).containsExactly(0, 0, 1, 0, 0, 0, 1, 0);
        assertThat(rotation.next(shard -> shard == 1)).isEqualTo(1);
        assertThat(rotation.next(shard -> false)).isBetween(0, 1);
    }
}
