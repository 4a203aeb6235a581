package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spill.SpillDirectory;
import io.clicktype.batch.spill.SpillFileFormat;
import io.clicktype.batch.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of a write-ahead-logged batcher, where the log replaces the failed-batch handler: acknowledged, a
 * batch is recorded in the log (whose segments are then freed); refused by ClickHouse as invalid, it is set aside as
 * a spill file under the log's {@code rejected/} folder (ERROR, {@link BatcherListener#rowsSetAside}) and
 * acknowledged in the log, so later batches go on; unsent when the batcher stops, it simply stays in the log and is
 * sent again, with the same token, at the next start.
 */
final class LogOutcome implements BatchOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(LogOutcome.class);

    private final TableRef table;
    private final List<String> columns;
    private final List<String> columnTypes;
    private final WriteAheadLog log;
    private final BatcherListener listener;
    private SpillDirectory rejected;
    /** Set once a batch stayed in the log unsent (resolved in seal order): nothing after it is acknowledged. */
    private volatile boolean leftInLog;

    LogOutcome(TableRef table, List<String> columns, List<String> columnTypes, WriteAheadLog log,
            BatcherListener listener) {
        this.table = table;
        this.columns = columns;
        this.columnTypes = columnTypes;
        this.log = log;
        this.listener = listener;
    }

    /**
     * The log moves past a batch written, or set aside; one not sent at close stays for the next start, and so does
     * every batch after it. Why the ones after it: an acknowledgement moves the log's start to that batch's end, past
     * everything before it; with inserts in flight a later batch can land while an earlier one is still failing when
     * the batcher closes, and acknowledging the later one would drop the earlier one's rows at the next start. Left
     * unacknowledged, the later one is sent again then, with the same token (the table drops it where it deduplicates).
     */
    @Override
    public void resolved(Batch batch) {
        if (batch.end < 0) {
            return;
        }
        if (batch.result == null && !batch.setAside) {
            leftInLog = true;
        } else if (!leftInLog) {
            log.acknowledge(batch.end);
        }
    }

    @Override
    public void notSent(Batch batch, int attempts, Duration took, Throwable cause, boolean closing) {
        if (batch.end < 0) {
            return;
        }
        if (closing) {
            LOG.warn("{} rows for {} stay in the write-ahead log {} and are sent at the next start: {}", batch.rows,
                    table, log.directory(), OutageLog.clause(cause));
            return;
        }
        int bytes = batch.buffer.size();
        listener.flushFailed(table, batch.trigger, batch.rows, bytes, took, cause);
        // a batch of records kept from a run before an ALTER holds the types of that run
        List<String> types = batch.schema != null ? batch.schema.types() : columnTypes;
        List<String> names = batch.schema != null ? batch.schema.columns() : columns;
        byte[] header = SpillFileFormat.header(table, names, batch.rows, batch.deduplicationToken, types,
                batch.format, batch.buffer.array(), bytes);
        String name = String.format("%020d%s", batch.end, SpillDirectory.SUFFIX);
        Path path = log.rejectedDirectory().resolve(name);
        try {
            if (rejected == null) {
                rejected = new SpillDirectory(log.rejectedDirectory());
            }
            rejected.write(name, header, batch.buffer.array(), bytes, batch.rows);
            log.rejectedHeld().added(path, batch.rows);
            listener.rowsSetAside(table, batch.rows, path);
            LOG.error("ClickHouse refused a batch of {} rows for {} after {} attempt(s): {}. It was moved to {} and is "
                    + "not sent again; fix the cause and replay that file (DiskSpill over that folder)", batch.rows,
                    table, attempts, OutageLog.clause(cause), path);
        } catch (IOException | RuntimeException e) {
            listener.rowsLost(table, batch.rows, cause);
            LOG.error("LOST {} rows for {}: ClickHouse refused their batch ({}) and it could not be set aside in {}: {}",
                    batch.rows, table, cause.getMessage(), log.rejectedDirectory(), e.toString());
        }
        batch.setAside = true; // the log moves past it in its turn (resolved)
    }
}
