package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TestRows.Event;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A table written to slowly waits for {@code minRows} (up to {@code maxLinger}) instead of sending every maxWait. */
class MinRowsTest {

    private final RecordingTransport transport = new RecordingTransport();
    private Batcher<Event> batcher;

    @AfterEach
    void close() {
        if (batcher != null) {
            batcher.close();
        }
    }

    private BatcherHandle<Event> start(BatchConfig config) {
        batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING).config(config).build();
        return batcher.start();
    }

    @Test
    void aBatchBelowMinRowsWaitsForMaxLingerAndOneThatReachesItGoesAtMaxWait() {
        BatcherHandle<Event> handle = start(BatchConfig.builder().maxWait(Duration.ofMillis(20)).minRows(100)
                .maxLinger(Duration.ofMillis(1_500)).build());
        for (int i = 0; i < 5; i++) {
            handle.insert(Event.of(i));
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> transport.inserts.isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.inserts.size() == 1);
        assertThat(transport.inserts.get(0).rows()).as("the five rows, in one insert at maxLinger").isEqualTo(5);

        for (int i = 5; i < 105; i++) {
            handle.insert(Event.of(i));
        }
        await().atMost(Duration.ofMillis(1_000)).until(() -> transport.allIds().size() == 105);
    }

    @Test
    void byDefaultABatchBelowAThousandRowsWaitsTenTimesMaxWaitAndTheDefaultsFollowMaxRowsAndMaxWait() {
        BatchConfig defaults = BatchConfig.defaults();
        assertThat(defaults.minRows()).isEqualTo(1_000);
        assertThat(defaults.maxLinger()).isEqualTo(Duration.ofSeconds(10));
        assertThat(BatchConfig.builder().maxRows(10).build().minRows()).as("at most maxRows").isEqualTo(10);
        assertThat(BatchConfig.builder().maxWait(Duration.ofMillis(100)).build().maxLinger())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(BatchConfig.builder().maxWait(Duration.ofHours(1)).build().maxLinger())
                .as("never below maxWait").isEqualTo(Duration.ofHours(10));
        assertThat(defaults.toBuilder().maxWait(Duration.ofSeconds(2)).maxRows(500).build())
                .as("a copy's derived defaults follow its changes")
                .extracting(BatchConfig::maxLinger, BatchConfig::minRows)
                .containsExactly(Duration.ofSeconds(20), 500);
        BatchConfig explicit = BatchConfig.builder().minRows(50).maxLinger(Duration.ofSeconds(3)).build();
        assertThat(explicit.toBuilder().maxWait(Duration.ofSeconds(2)).build())
                .extracting(BatchConfig::maxLinger, BatchConfig::minRows)
                .containsExactly(Duration.ofSeconds(3), 50);
        assertThat(BatchConfig.builder().minRows(0).build().minRows()).isZero();
    }

    @Test
    void minRowsAndMaxLingerAreCheckedAgainstTheOtherLimits() {
        assertThatThrownBy(() -> BatchConfig.builder().maxRows(10).minRows(11).build())
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("minRows");
        assertThatThrownBy(() -> BatchConfig.builder().minRows(1).maxWait(Duration.ofSeconds(5)).maxLinger(Duration.ofSeconds(1))
                .build()).isInstanceOf(ConfigValueException.class).hasMessageContaining("maxLinger");
    }
}
