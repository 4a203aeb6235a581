package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TransportException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    /** Two replicas of shard 1 on one host (each on its own port), shard 2 on a host of its own. */
    private static final ClusterTopology TOPOLOGY = ClusterTopology.parse("c", List.of(
            List.of("1", "1", "1", "ch-1", "10.0.0.1", "9000"),
            List.of("1", "1", "2", "ch-1", "10.0.0.1", "9001"),
            List.of("2", "1", "1", "ch-2", "10.0.0.2", "9000")), "seed", List.of());

    private final Map<String, FakeNode> nodes = new HashMap<>();
    private final NodeIdentity identity = new NodeIdentity("c",
            endpoint -> nodes.computeIfAbsent(endpoint, FakeNode::new).node());

    private FakeNode answering(String endpoint, String isLocalRows) {
        FakeNode node = nodes.computeIfAbsent(endpoint, FakeNode::new);
        node.answers = sql -> isLocalRows;
        return node;
    }

    @Test
    void anEndpointOnAHostOfItsOwnIsThatReplicaWithoutAskingIt() {
        assertThat(identity.identify("http://user:pw@10.0.0.2:8123", TOPOLOGY).replica()).isEqualTo(TOPOLOGY.replicas().get(2));
        assertThat(nodes).isEmpty();
    }

    @Test
    void anEndpointOnASharedHostIsAskedWhichReplicaItIs() {
        FakeNode node = answering("http://ch-1:8124", "1\t2\n");

        assertThat(identity.identify("http://ch-1:8124", TOPOLOGY).replica()).isEqualTo(TOPOLOGY.replicas().get(1));
        assertThat(node.queries).singleElement().asString().contains("is_local = 1");
    }

    /** 2 shards x 2 replicas on one host, each node on its own native port: a docker-compose or test cluster. */
    private static final ClusterTopology ONE_HOST = ClusterTopology.parse("c", List.of(
            List.of("1", "1", "1", "127.0.0.1", "127.0.0.1", "9001"),
            List.of("1", "1", "2", "127.0.0.1", "127.0.0.1", "9002"),
            List.of("2", "1", "1", "127.0.0.1", "127.0.0.1", "9003"),
            List.of("2", "1", "2", "127.0.0.1", "127.0.0.1", "9004")), "seed", List.of());

    /** A node answering as 18.16 does: is_local, its first replicated table and that table's ZooKeeper entry. */
    private FakeNode answering(String endpoint, String isLocalRows, String replicaPath, String registration) {
        FakeNode node = nodes.computeIfAbsent(endpoint, FakeNode::new);
        node.answers = sql -> sql.contains("system.clusters") ? isLocalRows
                : sql.contains("system.replicas") ? replicaPath
                : sql.contains("system.zookeeper") && sql.contains("'" + replicaPath.trim() + "'") ? registration : "";
        return node;
    }

    @Test
    void on18_16EveryReplicaOfTheShardIsLocalSoTheRegisteredNativePortPicksTheNode() {
        // 18.16's real answers on the node of shard 2 replica 2 (the registration TabSeparated-escaped)
        FakeNode node = answering("http://127.0.0.1:8124", "2\t1\n2\t2\n", "/clickhouse/tables/2/t/replicas/r2\n",
                "host: 127.0.0.1\\nport: 9014\\ntcp_port: 9004\\ndatabase: db\\ntable: t\\n\n");

        assertThat(identity.identify("http://127.0.0.1:8124", ONE_HOST).replica())
                .isEqualTo(ONE_HOST.replicas().get(3));
        assertThat(node.queries).hasSize(3);
        assertThat(node.queries.get(2)).contains("path = '/clickhouse/tables/2/t/replicas/r2' AND name = 'host'");
    }

    @Test
    void aReplicaMarkedNowhereIsFoundByItsRegisteredNativePort() {
        // current servers mark no replica with a default_database as local (ClickHouse issue 46277)
        answering("http://127.0.0.1:8123", "", "/t/replicas/r1\n", "host: 127.0.0.1\\ntcp_port: 9001\\n\n");

        assertThat(identity.identify("http://127.0.0.1:8123", ONE_HOST).replica())
                .isEqualTo(ONE_HOST.replicas().get(0));
    }

    @Test
    void aRegisteredPortSharedByReplicasOnOtherHostsIsNarrowedByTheRegisteredHost() {
        answering("http://lb:8123", "1\t1\n1\t2\n", "/t/replicas/a\n", "host: 10.0.0.1\\ntcp_port: 9001\\n\n");

        assertThat(identity.identify("http://lb:8123", TOPOLOGY).replica()).isEqualTo(TOPOLOGY.replicas().get(1));
    }

    @Test
    void severalLocalReplicasAndNoReplicatedTableIsNotIdentifiedAndSaysWhyAndTheFix() {
        answering("http://127.0.0.1:8124", "2\t1\n2\t2\n", "", "");

        Identification answer = identity.identify("http://127.0.0.1:8124", ONE_HOST);

        assertThat(answer.replica()).isNull();
        assertThat(answer.why()).contains("marks [shard 2 replica 1 (127.0.0.1:9003), shard 2 replica 2 "
                + "(127.0.0.1:9004)] as local").contains("before 19.17").contains("no ReplicatedMergeTree table");
        assertThat(answer.fix()).contains("create the cluster's ReplicatedMergeTree tables on every node");
    }

    @Test
    void aUrlThatIsNoNodeOfTheClusterIsNotIdentifiedAndSaysSo() {
        answering("http://127.0.0.1:8125", "", "/t/replicas/x\n", "host: 127.0.0.1\\ntcp_port: 9999\\n\n");

        Identification answer = identity.identify("http://127.0.0.1:8125", ONE_HOST);

        assertThat(answer.replica()).isNull();
        assertThat(answer.why()).contains("marks no replica of cluster c as local")
                .contains("127.0.0.1:9999, is no replica's");
        assertThat(answer.fix()).contains("check that the url is a node of cluster c");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNotIdentified() {
        nodes.computeIfAbsent("http://ch-1:8124", FakeNode::new).failure =
                new TransportException("refused [retryable]", true, 0, 0, null);

        Identification answer = identity.identify("http://ch-1:8124", TOPOLOGY);

        assertThat(answer.replica()).isNull();
        assertThat(answer.why()).isEqualTo("could not be asked (refused [retryable])");
        assertThat(answer.fix()).startsWith("start it, or correct the url or its credentials");
    }

    @Test
    void aNodeThatMayNotReadItsZooKeeperRegistrationSaysSoAndTheGrant() {
        FakeNode node = answering("http://127.0.0.1:8124", "2\t1\n2\t2\n", "/t/replicas/r2\n", "");
        node.answers = sql -> {
            if (sql.contains("system.clusters")) {
                return "2\t1\n2\t2\n";
            }
            throw new TransportException("ClickHouse error 497 ACCESS_DENIED [not retryable]", false, 0, 0, null);
        };

        Identification answer = identity.identify("http://127.0.0.1:8124", ONE_HOST);

        assertThat(answer.replica()).isNull();
        assertThat(answer.why()).contains("could not be asked for its ZooKeeper registration (ClickHouse error 497");
        assertThat(answer.fix()).contains("GRANT SELECT ON system.replicas");
    }

    @Test
    void aGuessedAddressThatIsAnotherNodeFailsStartUpWithTheFix() {
        ClusterTopology.Replica second = TOPOLOGY.replicas().get(1);
        answering("http://ch-1:8123", "1\t1\n");

        assertThatThrownBy(() -> identity.checkGuessedAddresses(TOPOLOGY, Map.of(),
                Map.of(second, "http://ch-1:8123"), Map.of()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the port rule reaches " + second + " at http://ch-1:8123")
                .hasMessageContaining("list every node's HTTP url in clicktype.batch.clickhouse.url");
    }

    @Test
    void aGuessedAddressThatAnswersAsItsNodeOrNotAtAllIsKept() {
        answering("http://ch-2:8123", "2\t1\n");
        nodes.computeIfAbsent("http://ch-1:8123", FakeNode::new).failure =
                new TransportException("refused [retryable]", true, 0, 0, null);

        identity.checkGuessedAddresses(TOPOLOGY, Map.of(), Map.of(TOPOLOGY.replicas().get(2), "http://ch-2:8123",
                TOPOLOGY.replicas().get(0), "http://ch-1:8123"), Map.of());
    }
}
