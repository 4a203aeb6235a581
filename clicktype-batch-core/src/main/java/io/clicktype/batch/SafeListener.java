package io.clicktype.batch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the batcher's threads from a listener that throws: a broken metrics hook must not stop
 * ingestion. Failures are logged at WARN, the first and then every 1000th.
 */
final class SafeListener implements BatcherListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final BatcherListener delegate;
    private final AtomicLong failures = new AtomicLong();

    SafeListener(BatcherListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void rowsAccepted(TableRef table, int rows) {
        try {
            delegate.rowsAccepted(table, rows);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsRejected(TableRef table, int rows) {
        try {
            delegate.rowsRejected(table, rows);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsShed(TableRef table, int rows) {
        try {
            delegate.rowsShed(table, rows);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsTimedOut(TableRef table, int rows) {
        try {
            delegate.rowsTimedOut(table, rows);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void flushStarted(TableRef table, FlushTrigger trigger, int rows, long bytes, String deduplicationToken) {
        try {
            delegate.flushStarted(table, trigger, rows, bytes, deduplicationToken);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void flushSucceeded(TableRef table, FlushStats stats) {
        try {
            delegate.flushSucceeded(table, stats);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
            Throwable cause) {
        try {
            delegate.flushFailed(table, trigger, rows, bytes, duration, cause);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
        try {
            delegate.retryScheduled(table, attempt, delay, cause);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsLost(TableRef table, int rows, Throwable cause) {
        try {
            delegate.rowsLost(table, rows, cause);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsReplayed(TableRef table, int rows) {
        try {
            delegate.rowsReplayed(table, rows);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsReplayedPastDeduplicationWindow(TableRef table, int rows) {
        try {
            delegate.rowsReplayedPastDeduplicationWindow(table, rows);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void rowsSetAside(TableRef table, int rows, java.nio.file.Path file) {
        try {
            delegate.rowsSetAside(table, rows, file);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        long count = failures.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("BatcherListener {} threw ({} times so far); ingestion continues", delegate, count, e);
        }
    }
}
