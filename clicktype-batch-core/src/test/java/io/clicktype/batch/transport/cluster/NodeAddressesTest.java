package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TransportException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each replica's HTTP address: its configured url, else the port rule, which must not reach another node. */
class NodeAddressesTest {

    @Test
    void nodesNotNamedByAnEndpointAreReachedOnTheirHostAtTheFirstEndpointsPort() {
        ClusterTopology topology = ClusterTopology.parse("c", List.of(
                List.of("1", "1", "1", "ch-1", "10.0.0.11", "9000"),
                List.of("1", "1", "2", "ch-2", "10.0.0.21", "9000")), "s", List.of());
        ClusterTopology.Replica first = topology.replicas().get(0);

        Map<ClusterTopology.Replica, String> addresses = NodeAddresses.map(topology,
                Map.of("https://user:pw@ch-1:8443", first), Map.of(),
                "https://user:pw@ch-1:8443");

        assertThat(addresses.values()).containsExactly("https://user:pw@ch-1:8443", "https://ch-2:8443");
    }

    @Test
    void aNodeWhoseGuessedAddressIsAnotherNodesFailsWithTheFix() {
        ClusterTopology topology = ClusterTopology.parse("c", List.of(
                List.of("1", "1", "1", "127.0.0.1", "127.0.0.1", "9001"),
                List.of("1", "1", "2", "127.0.0.1", "127.0.0.1", "9002")), "s", List.of());

        assertThatThrownBy(() -> NodeAddresses.map(topology, Map.of("http://127.0.0.1:8123",
                topology.replicas().get(0)), Map.of(), "http://127.0.0.1:8123"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("shard 1 replica 2 (127.0.0.1:9002)")
                .hasMessageContaining("list every node's HTTP url in clicktype.batch.clickhouse.url");
    }

    @Test
    void whenEveryUrlIsListedButOneCouldNotSayWhichNodeItIsTheErrorSaysThatInsteadOfAskingForTheUrls() {
        ClusterTopology topology = ClusterTopology.parse("c", List.of(
                List.of("1", "1", "1", "127.0.0.1", "127.0.0.1", "9001"),
                List.of("1", "1", "2", "127.0.0.1", "127.0.0.1", "9002")), "s", List.of());
        Identification unknown = Identification.unknown("marks [...] as local", "create the tables");

        assertThatThrownBy(() -> NodeAddresses.map(topology, Map.of("http://127.0.0.1:8123",
                topology.replicas().get(0)), Map.of("http://user:pw@127.0.0.1:8124", unknown), "http://127.0.0.1:8123"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("could not say which node they are: http://127.0.0.1:8124 marks [...] as local. "
                        + "To fix: create the tables.")
                .hasMessageNotContaining("list every node's HTTP url")
                .hasMessageNotContaining("pw");
    }
}
