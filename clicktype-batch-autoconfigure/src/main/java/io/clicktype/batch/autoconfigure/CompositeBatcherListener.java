package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import java.time.Duration;
import java.util.List;

/** Tells every listener bean (metrics, the user's own) each event. */
final class CompositeBatcherListener implements BatcherListener {

    private final BatcherListener[] listeners;

    private CompositeBatcherListener(List<BatcherListener> listeners) {
        this.listeners = listeners.toArray(BatcherListener[]::new);
    }

    static BatcherListener of(List<BatcherListener> listeners) {
        if (listeners.isEmpty()) {
            return BatcherListener.NOOP;
        }
        return listeners.size() == 1 ? listeners.get(0) : new CompositeBatcherListener(listeners);
    }

    @Override
    public void rowsAccepted(TableRef table, int rows) {
        for (BatcherListener l : listeners) {
            l.rowsAccepted(table, rows);
        }
    }

    @Override
    public void rowsRejected(TableRef table, int rows) {
        for (BatcherListener l : listeners) {
            l.rowsRejected(table, rows);
        }
    }

    @Override
    public void rowsShed(TableRef table, int rows) {
        for (BatcherListener l : listeners) {
            l.rowsShed(table, rows);
        }
    }

    @Override
    public void rowsTimedOut(TableRef table, int rows) {
        for (BatcherListener l : listeners) {
            l.rowsTimedOut(table, rows);
        }
    }

    @Override
    public void flushSucceeded(TableRef table, FlushStats stats) {
        for (BatcherListener l : listeners) {
            l.flushSucceeded(table, stats);
        }
    }

    @Override
    public void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
            Throwable cause) {
        for (BatcherListener l : listeners) {
            l.flushFailed(table, trigger, rows, bytes, duration, cause);
        }
    }

    @Override
    public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
        for (BatcherListener l : listeners) {
            l.retryScheduled(table, attempt, delay, cause);
        }
    }

    @Override
    public void rowsLost(TableRef table, int rows, Throwable cause) {
        for (BatcherListener l : listeners) {
            l.rowsLost(table, rows, cause);
        }
    }
}
