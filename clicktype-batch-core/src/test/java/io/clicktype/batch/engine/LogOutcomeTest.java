package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.wal.WalRecords;
import io.clicktype.batch.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogOutcomeTest {

    private static final TableRef TABLE = TableRef.of("events");

    @TempDir
    Path dir;

    /**
     * Two inserts in flight, the batcher closing: the later batch landed, the earlier one did not. Acknowledging the
     * later one would move the log's start past the earlier one's rows, which the next start would then never send.
     */
    @Test
    void aBatchLandedAfterAnEarlierOneLeftInTheLogIsNotAcknowledgedSoTheNextStartSendsBoth() throws Exception {
        WalConfig config = WalConfig.defaults().withDirectory(dir).withMaxSize(WalConfig.MIN_SIZE);
        long first;
        long second;
        long third;
        try (WriteAheadLog log = WriteAheadLog.open(TABLE, dir, config)) {
            LogOutcome outcome = new LogOutcome(TABLE, List.of("id"), List.of("UInt8"), log, BatcherListener.NOOP);
            Batch landed = batch(log, FlushStats.empty(FlushTrigger.MAX_ROWS));
            first = landed.end;
            outcome.resolved(landed); // before anything failed: acknowledged

            Batch leftInLog = batch(log, null);
            second = leftInLog.end;
            Batch landedLater = batch(log, FlushStats.empty(FlushTrigger.MAX_ROWS));
            third = landedLater.end;
            leftInLog.cause = new IllegalStateException("closed while ClickHouse was away");
            outcome.notSent(leftInLog, 3, Duration.ZERO, leftInLog.cause, true);
            outcome.resolved(leftInLog);
            outcome.resolved(landedLater);
        }

        try (WriteAheadLog reopened = WriteAheadLog.open(TABLE, dir, config)) {
            assertThat(reopened.start()).isEqualTo(first);
            assertThat(reopened.pendingCuts()).containsExactly(second, third);
        }
    }

    /** Appends one row, cuts a batch at the log's end and returns it, as the worker seals it. */
    private static Batch batch(WriteAheadLog log, FlushStats result) throws InterruptedException {
        RowBuffer record = new RowBuffer(64);
        record.reserve(WalRecords.DATA_PREFIX);
        record.writeByte(7);
        WalRecords.sealData(record.array(), record.size(), 1);
        long end = log.append(record.array(), record.size(), 1, 1_000_000_000L);
        log.cut(end);
        Batch batch = new Batch(64);
        batch.rows = 1;
        batch.end = end;
        batch.result = result;
        return batch;
    }
}
