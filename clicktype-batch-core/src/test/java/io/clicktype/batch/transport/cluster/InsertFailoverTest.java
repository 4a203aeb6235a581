package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.transport.ReplicaSet;
import org.junit.jupiter.api.Test;

class InsertFailoverTest {

    private final ClusterNode node = new FakeNode("http://ch-1:8123").node();

    @Test
    void withinAShardEveryRetryableFailureGoesToTheNextReplicaRememberingALostAnswer() {
        InsertFailover.WithinShard judge = new InsertFailover.WithinShard(1);

        assertThat(judge.judge(node, FakeNode.refused(), true).next()).isEqualTo(ReplicaSet.Next.TRY_NEXT);
        assertThat(judge.mayBeStored()).isFalse();
        assertThat(judge.judge(node, FakeNode.lostAnswer(), true).next()).isEqualTo(ReplicaSet.Next.TRY_NEXT);
        assertThat(judge.mayBeStored()).isTrue();
        assertThat(judge.judge(node, FakeNode.refusedForGood(), true).next()).isEqualTo(ReplicaSet.Next.FAIL);
    }

    @Test
    void anywhereOnlyARequestThatCannotHaveBeenStoredGoesToTheNextNode() {
        assertThat(InsertFailover.ANYWHERE.judge(node, FakeNode.refused(), true).next())
                .isEqualTo(ReplicaSet.Next.TRY_NEXT);
        assertThat(InsertFailover.ANYWHERE.judge(node, FakeNode.lostAnswer(), true).next())
                .isEqualTo(ReplicaSet.Next.FAIL);
        assertThat(InsertFailover.ANYWHERE.judge(node, FakeNode.refusedForGood(), true).next())
                .isEqualTo(ReplicaSet.Next.FAIL);
    }

    @Test
    void anErrorAnswerCannotHaveStoredTheBatch() {
        assertThat(InsertFailover.certainlyNotStored(new io.clicktype.batch.TransportException("503", true, 0, 503,
                null))).isTrue();
        assertThat(InsertFailover.certainlyNotStored(FakeNode.lostAnswer())).isFalse();
    }

    @Test
    void aFailureThatIsNoTransportExceptionPassesUnjudged() {
        IllegalStateException bug = new IllegalStateException("bug");

        assertThatThrownBy(() -> InsertFailover.ANYWHERE.judge(node, bug, true)).isSameAs(bug);
    }
}
