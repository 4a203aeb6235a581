package io.clicktype.batch.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every event becomes the meter docs/spring-boot.md names, with its table and outcome tags. */
class MicrometerBatcherListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerBatcherListener listener = new MicrometerBatcherListener(registry);
    private final TableRef table = new TableRef("db", "events");

    private double rows(String outcome) {
        return registry.get("clicktype.batch.rows").tag("table", "db.events").tag("outcome", outcome).counter().count();
    }

    @Test
    void rowOutcomesAreCountedPerTable() {
        listener.rowsAccepted(table, 5);
        listener.rowsRejected(table, 1);
        listener.rowsShed(table, 2);
        listener.rowsTimedOut(table, 3);
        listener.rowsLost(table, 4, new RuntimeException());

        assertThat(rows("accepted")).isEqualTo(5);
        assertThat(rows("rejected")).isEqualTo(1);
        assertThat(rows("shed")).isEqualTo(2);
        assertThat(rows("timed_out")).isEqualTo(3);
        assertThat(rows("lost")).isEqualTo(4);
    }

    @Test
    void flushesRecordTheirOutcomeTriggerSizeAgeAndRetries() {
        listener.flushSucceeded(table, new FlushStats(100, 2_000, Duration.ofMillis(30), Duration.ofMillis(900),
                FlushTrigger.MAX_ROWS, 2));
        listener.retryScheduled(table, 1, Duration.ofMillis(100), new RuntimeException());
        listener.flushFailed(table, FlushTrigger.CLOSE, 7, 70, Duration.ofSeconds(1), new RuntimeException());

        assertThat(rows("flushed")).isEqualTo(100);
        assertThat(rows("failed")).isEqualTo(7);
        assertThat(registry.get("clicktype.batch.flushes").tag("trigger", "max_rows").tag("outcome", "success")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("clicktype.batch.flushes").tag("trigger", "close").tag("outcome", "failure")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("clicktype.batch.retries").tag("table", "db.events").counter().count()).isEqualTo(1);
        assertThat(registry.get("clicktype.batch.flush.rows").summary().totalAmount()).isEqualTo(100);
        assertThat(registry.get("clicktype.batch.flush.bytes").summary().totalAmount()).isEqualTo(2_000);
        assertThat(registry.get("clicktype.batch.flush.age").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(900);
    }
}
