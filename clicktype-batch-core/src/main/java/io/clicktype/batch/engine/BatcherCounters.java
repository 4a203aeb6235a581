package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.BatcherStats;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters and last-known condition of one batcher, read by {@link #snapshot}. The counts are kept as
 * one more {@link BatcherListener}, told the same events in the same order as the user's listeners and the
 * metrics, so that stats and metrics cannot disagree. Producer-side counters are {@link LongAdder}s so inserts
 * don't contend.
 */
final class BatcherCounters implements BatcherListener {

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
    /** Failed insert attempts since the last acknowledged flush, retries included. */
    final AtomicLong consecutiveFailedAttempts = new AtomicLong();
    final AtomicLong replayedRows = new AtomicLong();
    final AtomicLong replayedPastWindowRows = new AtomicLong();
    final AtomicLong setAsideRows = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile boolean running;
    private volatile Throwable deathCause;
    /** Why the worker is down until it restarts, or {@code null}. */
    private volatile String workerFault;
    /** Why the sender failed unexpectedly, until its next acknowledged batch, or {@code null}. */
    private volatile String senderFault;

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

    /** The worker failed and waits to restart: the table is down until {@link #workerRestarted()}. */
    void workerFailed(String reason) {
        workerFault = reason;
        lastError = reason;
    }

    void workerRestarted() {
        workerFault = null;
    }

    /** The sender failed unexpectedly on a batch: the table is down until a batch is acknowledged again. */
    void senderFailed(String reason) {
        senderFault = reason;
        lastError = reason;
    }

    /**
     * Why a thread of this batcher is down (died, or failed and not yet back), or {@code null} when both work:
     * health reports the table DOWN with it.
     */
    String threadFault() {
        String worker = workerFault;
        if (worker != null) {
            return worker;
        }
        Throwable death = deathCause;
        return death != null ? "worker died: " + death : senderFault;
    }

    /** The exception for an insert into a stopped batcher: closed, or its worker died (naming the cause). */
    io.clicktype.batch.BatcherClosedException closedException(TableRef table) {
        Throwable death = deathCause;
        return death == null
                ? new io.clicktype.batch.BatcherClosedException("batcher for " + table + " is closed and accepts no rows")
                : new io.clicktype.batch.BatcherClosedException("batcher for " + table + " stopped after its worker died: "
                        + death);
    }

    Throwable deathCause() {
        return deathCause;
    }

    @Override
    public void rowsAccepted(TableRef table, int rows) {
        accepted.add(rows);
    }

    @Override
    public void rowsRejected(TableRef table, int rows) {
        rejected.add(rows);
    }

    @Override
    public void rowsShed(TableRef table, int rows) {
        shed.add(rows);
    }

    @Override
    public void rowsTimedOut(TableRef table, int rows) {
        timedOut.add(rows);
    }

    @Override
    public void flushSucceeded(TableRef table, FlushStats stats) {
        flushedRows.addAndGet(stats.rows());
        flushes.incrementAndGet();
        consecutiveFailures.set(0);
        consecutiveFailedAttempts.set(0);
        if (senderFault != null) {
            senderFault = null;
        }
        lastSuccess = Instant.now();
    }

    @Override
    public void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
            Throwable cause) {
        failedRows.addAndGet(rows);
        failedFlushes.incrementAndGet();
        consecutiveFailures.incrementAndGet();
        lastError = String.valueOf(cause.getMessage());
    }

    @Override
    public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
        consecutiveFailedAttempts.incrementAndGet();
        lastError = String.valueOf(cause.getMessage());
    }

    @Override
    public void rowsLost(TableRef table, int rows, Throwable cause) {
        lostRows.addAndGet(rows);
    }

    @Override
    public void rowsReplayed(TableRef table, int rows) {
        replayedRows.addAndGet(rows);
    }

    @Override
    public void rowsReplayedPastDeduplicationWindow(TableRef table, int rows) {
        replayedPastWindowRows.addAndGet(rows);
    }

    @Override
    public void rowsSetAside(TableRef table, int rows, java.nio.file.Path file) {
        setAsideRows.addAndGet(rows);
    }

    BatcherStats snapshot(TableRef table, int queued, int capacity) {
        return new BatcherStats(table, running, queued, capacity, accepted.sum(), flushedRows.get(), failedRows.get(),
                lostRows.get(), rejected.sum(), shed.sum(), timedOut.sum(), flushes.get(), failedFlushes.get(),
                consecutiveFailures.get(), lastSuccess, lastError, consecutiveFailedAttempts.get());
    }
}
