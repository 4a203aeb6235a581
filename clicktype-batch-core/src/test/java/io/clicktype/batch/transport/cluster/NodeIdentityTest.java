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
        assertThat(identity.identify("http://user:pw@10.0.0.2:8123", TOPOLOGY)).isEqualTo(TOPOLOGY.replicas().get(2));
        assertThat(nodes).isEmpty();
    }

    @Test
    void anEndpointOnASharedHostIsAskedWhichReplicaItIs() {
        FakeNode node = answering("http://ch-1:8124", "1\t2\n");

        assertThat(identity.identify("http://ch-1:8124", TOPOLOGY)).isEqualTo(TOPOLOGY.replicas().get(1));
        assertThat(node.queries).singleElement().asString().contains("is_local = 1");
    }

    @Test
    void anEndpointThatSaysItIsSeveralReplicasIsNotIdentified() {
        answering("http://lb:8123", "1\t1\n1\t2\n");   // 18.16 marks every replica of its own shard

        assertThat(identity.identify("http://lb:8123", TOPOLOGY)).isNull();
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNotIdentified() {
        nodes.computeIfAbsent("http://ch-1:8124", FakeNode::new).failure =
                new TransportException("refused [retryable]", true, 0, 0, null);

        assertThat(identity.identify("http://ch-1:8124", TOPOLOGY)).isNull();
    }

    @Test
    void aGuessedAddressThatIsAnotherNodeFailsStartUpWithTheFix() {
        ClusterTopology.Replica second = TOPOLOGY.replicas().get(1);
        answering("http://ch-1:8123", "1\t1\n");

        assertThatThrownBy(() -> identity.checkGuessedAddresses(TOPOLOGY, Map.of(),
                Map.of(second, "http://ch-1:8123")))
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
                TOPOLOGY.replicas().get(0), "http://ch-1:8123"));
    }
}
