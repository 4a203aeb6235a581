package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherStats;
import io.clicktype.batch.TableRef;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters and last-known condition of one batcher, written by producers, worker and sender,
 * read by {@link #snapshot}. Producer-side counters are {@link LongAdder}s so inserts don't contend.
 */
final class BatcherCounters {

    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder shed = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final AtomicLong flushedRows = new AtomicLong();
    final AtomicLong failedRows = new AtomicLong();
    final AtomicLong lostRows = new AtomicLong();
    final AtomicLong flushes = new AtomicLong();
    final AtomicLong failedFlushes = new AtomicLong();
    final AtomicLong consecutiveFailures = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile boolean running;
    private volatile Throwable deathCause;

    void started() {
        running = true;
    }

    void stopped() {
        running = false;
    }

    boolean running() {
        return running;
    }

    void died(Throwable cause) {
        deathCause = cause;
        running = false;
        lastError = "worker died: " + cause;
    }

    Throwable deathCause() {
        return deathCause;
    }

    void flushSucceeded(int rows) {
        flushedRows.addAndGet(rows);
        flushes.incrementAndGet();
        consecutiveFailures.set(0);
        lastSuccess = Instant.now();
    }

    void flushFailed(int rows, Throwable cause) {
        failedRows.addAndGet(rows);
        failedFlushes.incrementAndGet();
        consecutiveFailures.incrementAndGet();
        lastError = String.valueOf(cause.getMessage());
    }

    void attemptFailed(Throwable cause) {
        lastError = String.valueOf(cause.getMessage());
    }

    BatcherStats snapshot(TableRef table, int queued, int capacity) {
        return new BatcherStats(table, running, queued, capacity, accepted.sum(), flushedRows.get(), failedRows.get(),
                lostRows.get(), rejected.sum(), shed.sum(), timedOut.sum(), flushes.get(), failedFlushes.get(),
                consecutiveFailures.get(), lastSuccess, lastError);
    }
}
