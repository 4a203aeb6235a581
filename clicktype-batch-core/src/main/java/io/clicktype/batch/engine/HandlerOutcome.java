package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.FailedBatch;
import io.clicktype.batch.FailedBatchHandler;
import io.clicktype.batch.TableRef;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of memory durability: a batch that was not written goes to the {@link FailedBatchHandler}; without a
 * handler, or when it throws, its rows are counted and logged as lost. A {@link DiskSpill} is handed the batch
 * buffer itself and streams it to its file; any other handler gets a {@link FailedBatch} with a private copy, charged
 * to the memory budget while the handler runs.
 */
final class HandlerOutcome implements BatchOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerOutcome.class);

    private final TableRef table;
    private final List<String> columns;
    private final List<String> columnTypes;
    private final FailedBatchHandler handler;
    private final BatcherListener listener;
    private final ByteBudget budget;

    /** @param handler may be {@code null}: failed batches are then logged and counted as lost */
    HandlerOutcome(TableRef table, List<String> columns, List<String> columnTypes, FailedBatchHandler handler,
            BatcherListener listener, ByteBudget budget) {
        this.budget = budget;
        this.table = table;
        this.columns = columns;
        this.columnTypes = columnTypes;
        this.handler = handler;
        this.listener = listener;
    }

    @Override
    public boolean offHeap() {
        return handler instanceof DiskSpill;
    }

    @Override
    public boolean notSentIfRoom(Batch batch, int attempts, Duration took, Throwable cause) {
        if (!(handler instanceof DiskSpill spill)) {
            notSent(batch, attempts, took, cause, false);
            return true;
        }
        int bytes = batch.buffer.size();
        if (!spill.spillIfRoom(table, columns, batch.buffer.array(), bytes, batch.rows, cause, batch.deduplicationToken,
                columnTypes, batch.format)) {
            return false;
        }
        listener.flushFailed(table, batch.trigger, batch.rows, bytes, took, cause);
        return true;
    }

    @Override
    public void notSent(Batch batch, int attempts, Duration took, Throwable cause, boolean closing) {
        int bytes = batch.buffer.size();
        listener.flushFailed(table, batch.trigger, batch.rows, bytes, took, cause);
        if (handler instanceof DiskSpill spill) {
            spill.spill(table, columns, batch.buffer.array(), bytes, batch.rows, cause, batch.deduplicationToken,
                    columnTypes, batch.format);
            return;
        }
        if (handler == null) {
            LOG.error("LOST {} rows ({} bytes) for {}: their batch failed {} attempt(s), and no FailedBatchHandler is "
                    + "configured to keep it. Last failure: {}. To keep such batches, set a DiskSpill as the "
                    + "failed-batch handler (BatcherBuilder.failedBatchHandler; the starter's "
                    + "clicktype.batch.spill.directory does it), or raise maxRetries", batch.rows, bytes, table, attempts,
                    OutageLog.clause(cause));
            listener.rowsLost(table, batch.rows, cause);
            return;
        }
        budget.force(bytes);
        try {
            handler.onFailedBatch(new FailedBatch(table, columns, Arrays.copyOf(batch.buffer.array(), bytes),
                    batch.rows, attempts, cause, batch.deduplicationToken, columnTypes, batch.format));
        } catch (RuntimeException | Error handlerFailure) {
            // an Error too (the copy, or the handler, out of memory): the sender must survive to send the next batch
            LOG.error("LOST {} rows for {}: the FailedBatchHandler threw while taking a batch that failed with: {}",
                    batch.rows, table, cause.getMessage(), handlerFailure);
            listener.rowsLost(table, batch.rows, handlerFailure);
        } finally {
            budget.release(bytes);
        }
    }
}
