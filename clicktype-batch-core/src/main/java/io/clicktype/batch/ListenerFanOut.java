package io.clicktype.batch;

import java.time.Duration;
import java.util.List;

/**
 * Tells every listener each event, each behind its own {@link SafeListener}: one that throws is logged and
 * does not keep the event from the listeners after it (e.g. a user's listener before the metrics one).
 */
final class ListenerFanOut implements BatcherListener {

    private final BatcherListener[] listeners;

    private ListenerFanOut(List<? extends BatcherListener> listeners) {
        this.listeners = new BatcherListener[listeners.size()];
        for (int i = 0; i < this.listeners.length; i++) {
            this.listeners[i] = new SafeListener(listeners.get(i));
        }
    }

    /** See {@link BatcherListener#composite(List)}. */
    public static BatcherListener of(List<? extends BatcherListener> listeners) {
        if (listeners.isEmpty()) {
            return BatcherListener.NOOP;
        }
        return listeners.size() == 1 ? listeners.get(0) : new ListenerFanOut(listeners);
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
    public void flushStarted(TableRef table, FlushTrigger trigger, int rows, long bytes, String deduplicationToken) {
        for (BatcherListener l : listeners) {
            l.flushStarted(table, trigger, rows, bytes, deduplicationToken);
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

    @Override
    public void rowsReplayed(TableRef table, int rows) {
        for (BatcherListener l : listeners) {
            l.rowsReplayed(table, rows);
        }
    }

    @Override
    public void rowsReplayedPastDeduplicationWindow(TableRef table, int rows) {
        for (BatcherListener l : listeners) {
            l.rowsReplayedPastDeduplicationWindow(table, rows);
        }
    }

    @Override
    public void rowsSetAside(TableRef table, int rows, java.nio.file.Path file) {
        for (BatcherListener l : listeners) {
            l.rowsSetAside(table, rows, file);
        }
    }
}
