package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spill.SpillDirectory;
import io.clicktype.batch.spill.SpillFileFormat;
import io.clicktype.batch.spill.SpillRecord;
import io.clicktype.batch.wal.WriteAheadLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a sent batch in a write-ahead-logged batcher, where the log replaces the failed-batch handler:
 * acknowledged, it is recorded in the log (whose segments are then freed) and its rows' {@code submit} stages
 * complete; refused by ClickHouse as invalid, it is set aside as a spill file under the log's {@code rejected/}
 * folder (ERROR, counted) and acknowledged in the log, so later batches go on; unsent when the batcher stops, it
 * simply stays in the log and is sent again, with the same token, at the next start. Called on the sender thread.
 */
final class WalDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(WalDelivery.class);

    private final TableRef table;
    private final List<String> columns;
    private final List<String> columnTypes;
    private final WriteAheadLog log;
    private final AckWaiters waiters;
    private final BatcherListener listener;
    private SpillDirectory rejected;

    WalDelivery(TableRef table, List<String> columns, List<String> columnTypes, WriteAheadLog log, AckWaiters waiters,
            BatcherListener listener) {
        this.table = table;
        this.columns = columns;
        this.columnTypes = columnTypes;
        this.log = log;
        this.waiters = waiters;
        this.listener = listener;
    }

    /** ClickHouse acknowledged the batch. */
    void acknowledged(Batch batch, FlushStats stats) {
        if (batch.walEnd >= 0) {
            log.acknowledge(batch.walEnd);
            waiters.acknowledged(batch.walEnd, stats);
        }
    }

    /** The batch was not written: refused ({@code closing == false}) or the batcher stopped first. */
    void notSent(Batch batch, int attempts, Duration took, Throwable cause, boolean closing) {
        if (batch.walEnd < 0) {
            return;
        }
        if (closing) {
            LOG.warn("{} rows for {} were not sent before shutdownTimeout; they stay in the write-ahead log {} and "
                    + "are sent at the next start", batch.rows, table, log.directory());
            waiters.failed(batch.walEnd, cause);
            return;
        }
        int bytes = batch.buffer.size();
        listener.flushFailed(table, batch.trigger, batch.rows, bytes, took, cause);
        byte[] file = SpillFileFormat.encode(new SpillRecord(table, columns, batch.rows, batch.deduplicationToken,
                Arrays.copyOf(batch.buffer.array(), bytes), columnTypes));
        String name = String.format("%020d%s", batch.walEnd, SpillDirectory.SUFFIX);
        try {
            if (rejected == null) {
                rejected = new SpillDirectory(log.rejectedDirectory());
            }
            rejected.write(name, file, batch.rows);
            log.rejected(batch.rows);
            LOG.error("ClickHouse refused a batch of {} rows for {} after {} attempt(s): {}. It was moved to {} and is "
                    + "not sent again; fix the cause and replay that file (DiskSpill over that folder)", batch.rows,
                    table, attempts, cause.getMessage(), log.rejectedDirectory().resolve(name));
        } catch (IOException | RuntimeException e) {
            listener.rowsLost(table, batch.rows, cause);
            LOG.error("LOST {} rows for {}: ClickHouse refused their batch ({}) and it could not be set aside in {}: {}",
                    batch.rows, table, cause.getMessage(), log.rejectedDirectory(), e.toString());
        }
        log.acknowledge(batch.walEnd);
        waiters.failed(batch.walEnd, cause);
    }
}
