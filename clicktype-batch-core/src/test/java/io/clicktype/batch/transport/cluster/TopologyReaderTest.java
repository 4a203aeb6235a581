package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyReaderTest {

    private final FakeCluster cluster = new FakeCluster();
    private final List<String> created = new ArrayList<>();

    private TopologyReader reader(Duration refresh) {
        return new TopologyReader(new ClusterConfig(FakeCluster.NAME, ClusterMode.DIRECT, false, refresh),
                cluster.endpoints(), cluster.seed::query, "seed", endpoint -> {
                    created.add(endpoint);
                    return cluster.nodes.get(endpoint).node();
                });
    }

    @Test
    void theTopologyIsReadOnFirstUseIntoOneReplicaSetPerShardAndOneOfEveryNode() {
        TopologyReader reader = reader(null);
        assertThat(reader.lastRead()).isNull();

        Routing routing = reader.current();

        assertThat(routing.shardCount()).isEqualTo(2);
        assertThat(routing.shards().get(1).members()).extracting(ClusterNode::endpoint)
                .containsExactly(FakeCluster.url(2, 1), FakeCluster.url(2, 2));
        assertThat(routing.anywhere().members()).hasSize(4);
        assertThat(routing.identified()).hasSize(4);
        assertThat(reader.current()).isSameAs(routing);
        assertThat(reader.lastRead()).isSameAs(routing);
        assertThat(cluster.topologyReads).isOne();
        assertThat(created).containsExactlyElementsOf(cluster.endpoints());
        assertThat(reader.nodes()).hasSize(4);
    }

    @Test
    void aFirstReadThatFailsFailsTheRequest() {
        cluster.topologyFailure = new TransportException("down [retryable]", true, 0, 0, null);

        assertThatThrownBy(() -> reader(null).current()).isSameAs(cluster.topologyFailure);
    }

    @Test
    void aRefreshThatFailsKeepsTheLastTopology() {
        TopologyReader reader = reader(Duration.ofNanos(1));
        Routing first = reader.current();
        cluster.topologyFailure = new TransportException("down [retryable]", true, 0, 0, null);

        assertThat(reader.current()).isSameAs(first);
        assertThat(cluster.topologyReads).isEqualTo(2);
    }

    @Test
    void anUnchangedTopologyKeepsItsTurnsAndItsNodes() {
        TopologyReader reader = reader(Duration.ofNanos(1));
        Routing first = reader.current();

        Routing second = reader.current();

        assertThat(second).isNotSameAs(first);
        assertThat(second.rotation()).isSameAs(first.rotation());
        assertThat(second.shards().get(0).members()).isEqualTo(first.shards().get(0).members());
        assertThat(created).hasSize(4);
    }
}
