package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.TransportException;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(1000));

    @RepeatedTest(20)
    void delaysDoubleWithJitterInTheirUpperHalfAndAreCapped() {
        assertThat(policy.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(policy.delay(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(policy.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(policy.delay(10)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(policy.delay(70)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void retriesOnlyWhatRetryingCanFixAndOnlyMaxRetriesTimes() {
        TransportException down = new TransportException("Connection refused", true, 0, 0, null);
        TransportException typeMismatch = new TransportException("Type mismatch", false, 53, 400, null);
        TransportException unknownTable = new TransportException("Table doesn't exist", false, 60, 404, null);
        TransportException view = new TransportException("Code: 241. Memory limit exceeded: while pushing to view "
                + "db.mv (1234)", true, 241, 500, null);

        assertThat(policy.shouldRetry(1, down)).isTrue();
        assertThat(policy.shouldRetry(3, down)).isTrue();
        assertThat(policy.shouldRetry(4, down)).isFalse();
        assertThat(policy.shouldRetry(1, typeMismatch)).isFalse();
        // a missing table is a wait, not a verdict (issue 23): retried like an outage
        assertThat(policy.shouldRetry(1, unknownTable)).isTrue();
        assertThat(policy.shouldRetry(4, unknownTable)).isFalse();
        // the table stored the rows before its view failed: a retry would store them twice
        assertThat(policy.shouldRetry(1, view)).isFalse();
        assertThat(policy.shouldRetry(1, new IllegalStateException("unexpected"))).isTrue();
    }
}
