package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weighted shard turns. */
class ShardRotationTest {

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
