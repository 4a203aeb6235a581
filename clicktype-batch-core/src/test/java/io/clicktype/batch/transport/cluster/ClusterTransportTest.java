package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.TableEngine;
import org.junit.jupiter.api.Test;

/** Routing over fake nodes: direct mode's shards, replicas and pins; distributed mode; one shard's view. */
class ClusterTransportTest {

    private final FakeCluster cluster = new FakeCluster();

    @Test
    void directModeSendsWholeBatchesToTheShardsInTurnAndTheirLocalTable() {
        cluster.seed.engine = new TableEngine("Distributed", "Distributed(events_cluster, db, events_local, id)");
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);

        for (int i = 0; i < 4; i++) {
            transport.insert(FakeNode.request("events", 10, "t" + i));
        }

        assertThat(cluster.insertsPerNode()).containsExactly(1, 1, 1, 1);
        assertThat(cluster.node(1, 1).inserts.get(0).table()).isEqualTo(new TableRef("db", "events_local"));
        assertThat(cluster.topologyReads).isOne();
    }

    @Test
    void aReplicaThatLostTheAnswerGetsTheSameBatchSentToTheOtherReplicaAtOnce() {
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);
        cluster.node(1, 1).failure = FakeNode.lostAnswer();

        InsertRequest batch = FakeNode.request("events", 10, "t1");
        transport.insert(batch);

        assertThat(cluster.node(1, 2).inserts).containsExactly(batch);
        assertThat(transport.clusterNodes()).extracting(ClusterNodeState::up).containsExactly(false, true, true, true);
    }

    @Test
    void aBatchNoReplicaCanHaveStoredMovesToAnotherShard() {
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);
        cluster.node(1, 1).failure = FakeNode.refused();
        cluster.node(1, 2).failure = FakeNode.refused();

        transport.insert(FakeNode.request("events", 10, "t1"));

        assertThat(cluster.insertsPerNode()).containsExactly(0, 0, 1, 0);
    }

    @Test
    void aBatchAReplicaMayHaveStoredIsPinnedToItsShardUntilItLands() {
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);
        cluster.node(1, 1).failure = FakeNode.lostAnswer();
        cluster.node(1, 2).failure = FakeNode.refused();
        InsertRequest batch = FakeNode.request("events", 10, "t1");

        assertThatThrownBy(() -> transport.insert(batch)).isInstanceOf(TransportException.class);
        assertThatThrownBy(() -> transport.insert(batch)).isInstanceOf(TransportException.class);
        assertThat(cluster.insertsPerNode()).containsExactly(0, 0, 0, 0);

        cluster.node(1, 2).failure = null;
        transport.insert(batch);
        assertThat(cluster.node(1, 2).inserts).containsExactly(batch);
    }

    @Test
    void aRefusalForGoodIsThrownWithoutTryingAnotherReplica() {
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);
        cluster.node(1, 1).failure = FakeNode.refusedForGood();

        assertThatThrownBy(() -> transport.insert(FakeNode.request("events", 10, "t1")))
                .isSameAs(cluster.node(1, 1).failure);
        assertThat(cluster.insertsPerNode()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void distributedModeSendsTheNamedTableToAnyNodeButNeverResendsALostAnswer() {
        ClusterTransport transport = cluster.transport(ClusterMode.DISTRIBUTED);
        transport.insert(FakeNode.request("events", 10, "t1"));
        assertThat(cluster.node(1, 1).inserts.get(0).table()).isEqualTo(TableRef.of("events"));

        cluster.node(1, 2).failure = FakeNode.refused();
        transport.insert(FakeNode.request("events", 10, "t2"));
        assertThat(cluster.insertsPerNode()).containsExactly(1, 0, 1, 0);

        cluster.node(1, 2).failure = null;
        cluster.node(2, 2).failure = FakeNode.lostAnswer();
        transport.insert(FakeNode.request("events", 10, "t3"));
        assertThatThrownBy(() -> transport.insert(FakeNode.request("events", 10, "t4")))
                .isSameAs(cluster.node(2, 2).failure);
    }

    @Test
    void aShardsViewWritesToThatShardOnlyAndWaitsForItInsteadOfMovingOn() {
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);
        ClickHouseTransport shard2 = transport.shard(2);
        cluster.node(2, 1).failure = FakeNode.refused();

        shard2.insert(FakeNode.request("events", 10, "t1"));
        assertThat(cluster.insertsPerNode()).containsExactly(0, 0, 0, 1);

        cluster.node(2, 2).failure = FakeNode.refused();
        assertThatThrownBy(() -> shard2.insert(FakeNode.request("events", 10, "t2")))
                .isInstanceOf(TransportException.class).satisfies(e ->
                        assertThat(((TransportException) e).retryable()).isTrue());
        assertThat(cluster.insertsPerNode()).containsExactly(0, 0, 0, 1);

        shard2.close();
        assertThat(cluster.seed.closed).isFalse();
        assertThat(shard2.toString()).startsWith("shard 2 of ClusterTransport[events_cluster");
        assertThatThrownBy(() -> transport.shard(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has shards 1..2, not 3");
    }

    @Test
    void nodesAreReportedShardByShardAndClosedWithTheTransport() {
        ClusterTransport transport = cluster.transport(ClusterMode.DIRECT);

        assertThat(transport.clusterNodes()).extracting(n -> n.shard() + "/" + n.replica() + " " + n.endpoint())
                .containsExactly("1/1 http://ch-1-1:8123", "1/2 http://ch-1-2:8123", "2/1 http://ch-2-1:8123",
                        "2/2 http://ch-2-2:8123");

        transport.close();
        assertThat(cluster.seed.closed).isTrue();
        assertThat(cluster.nodes.values()).allSatisfy(node -> assertThat(node.closed).isTrue());
    }

    @Test
    void withoutATopologyThereAreNoNodesToReport() {
        cluster.topologyFailure = new TransportException("down [retryable]", true, 0, 0, null);

        assertThat(cluster.transport(ClusterMode.DIRECT).clusterNodes()).isEmpty();
    }
}
