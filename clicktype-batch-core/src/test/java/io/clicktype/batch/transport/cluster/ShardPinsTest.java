package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.InsertRequest;
import org.junit.jupiter.api.Test;

class ShardPinsTest {

    private final ShardPins pins = new ShardPins();

    @Test
    void aBatchIsKnownByItsTokenElseByAChecksumOfItsBytes() {
        assertThat(ShardPins.batchKey(FakeNode.request("t", 3, "token-1"))).isEqualTo("token-1");
        assertThat(ShardPins.batchKey(FakeNode.request("t", 3, null)))
                .isEqualTo(ShardPins.batchKey(FakeNode.request("t", 3, null)))
                .isNotEqualTo(ShardPins.batchKey(FakeNode.request("t", 4, null)))
                .startsWith("t/3/4/").doesNotContain("token");
    }

    @Test
    void noKeyIsComputedWhileNoBatchIsPinned() {
        assertThat(pins.keyIfAnyPinned(FakeNode.request("t", 3, "a"))).isNull();
        assertThat(pins.shardOf(null)).isNull();
    }

    @Test
    void aPinnedBatchStaysOnItsShardUntilItIsStored() {
        InsertRequest batch = FakeNode.request("t", 3, null);
        pins.pin(null, batch, 1);

        String key = pins.keyIfAnyPinned(batch);
        assertThat(pins.shardOf(key)).isEqualTo(1);
        assertThat(pins.shardOf(pins.keyIfAnyPinned(FakeNode.request("t", 5, null)))).isNull();

        pins.release(key);
        assertThat(pins.keyIfAnyPinned(batch)).isNull();
    }

    @Test
    void theOldestPinsAreForgottenBeyondTheLimit() {
        for (int i = 0; i <= ShardPins.MAX_PINNED; i++) {
            pins.pin("token-" + i, null, 0);
        }

        assertThat(pins.shardOf("token-0")).isNull();
        assertThat(pins.shardOf("token-1")).isZero();
        assertThat(pins.shardOf("token-" + ShardPins.MAX_PINNED)).isZero();
    }
}
