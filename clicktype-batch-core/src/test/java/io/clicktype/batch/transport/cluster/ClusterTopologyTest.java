package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TransportException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code system.clusters} rows as shards and replicas. */
class ClusterTopologyTest {

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
}
