package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A batch that spans more partitions than {@code max_partitions_per_insert_block} fails with error 252,
 * the code "too many parts" also has; unlike that one it fails the same way every time, so it must go
 * straight to the failed-batch handler with the fix, not through retries (and a spill would replay it
 * forever).
 */
@ClickHouseTest
class PartitionLimitIT {

    @ClickTable("by_day")
    record Reading(LocalDate day, long id) {
    }

    @Test
    void aBatchOverThePartitionLimitIsHandedOverAtOnceWithTheFix(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("CREATE TABLE by_day (day Date, id UInt64) ENGINE = MergeTree() PARTITION BY day ORDER BY id");
        List<FailedBatch> failed = new CopyOnWriteArrayList<>();
        BatchConfig config = BatchConfig.builder().maxRows(150).maxWait(Duration.ofMinutes(1)).maxRetries(5)
                .retryBaseDelay(Duration.ofMillis(20)).build();
        boolean limited = server.supportsSetting("max_partitions_per_insert_block");
        try (ClickHouseTransport transport = TestTransports.to(server, db.name());
             Batcher<Reading> batcher = Batcher.builder(Reading.class).transport(transport).config(config)
                     .failedBatchHandler(failed::add).build()) {
            BatcherHandle<Reading> handle = batcher.start();
            for (int i = 0; i < 150; i++) {
                handle.insert(new Reading(LocalDate.of(2024, 1, 1).plusDays(i), i));
            }
            handle.flush().exceptionally(e -> null).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        if (!limited) {
            // 18.16: no such limit, the batch is stored.
            assertThat(failed).isEmpty();
            assertThat(db.count("by_day")).isEqualTo(150);
            return;
        }
        assertThat(db.count("by_day")).isZero();
        assertThat(failed).singleElement().satisfies(batch -> {
            assertThat(batch.rows()).isEqualTo(150);
            assertThat(batch.attempts()).isEqualTo(1);
            assertThat(batch.cause()).isInstanceOfSatisfying(TransportException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.serverErrorCode()).isEqualTo(252);
                assertThat(e.getMessage()).contains("TOO_MANY_PARTITIONS", "max_partitions_per_insert_block",
                        "PARTITION BY toYYYYMM(ts)");
            });
        });
    }
}
