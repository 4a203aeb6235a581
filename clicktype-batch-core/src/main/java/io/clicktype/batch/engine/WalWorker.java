package io.clicktype.batch.engine;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.wal.WalReader;
import io.clicktype.batch.wal.WalRecords;
import io.clicktype.batch.wal.WriteAheadLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of a write-ahead-logged batcher: reads the rows producers appended to the log (already encoded) into
 * the current batch, and cuts a batch where the memory worker would seal one ({@code maxRows},
 * {@code maxBufferSize}, {@code maxWait}, flush, close), recording the cut in the log and forcing it to disk
 * before the batch is first sent. Its deduplication token is derived from that log position. At start it first
 * sends again what the log holds unacknowledged: batches cut before the stop exactly as they were cut (same rows,
 * same token), then the rest cut anew.
 */
final class WalWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WalWorker.class);

    /** A flush or close: done once everything appended before {@code target} is in a sealed batch. */
    private record Control(long target, CompletableFuture<FlushStats> result, boolean close) {
    }

    private final TableRef table;
    private final WriteAheadLog log;
    private final BatchPool pool;
    private final BatchSender sender;
    private final BatcherCounters state;
    private final AckWaiters waiters;
    private final boolean deduplicate;
    private final int maxRows;
    private final long maxBytes;
    private final long maxWaitNanos;
    /** How long the server is assumed to remember a token, as for the disk spill. */
    private static final long DEDUPLICATION_WINDOW_MILLIS = DiskSpill.DEFAULT_DEDUPLICATION_WINDOW.toMillis();
    /** At most this many bytes are appended between the worker's wake-ups while a batch fills. */
    private static final int WAKE_BYTES = 64 * 1024;

    private final long[] replayCuts;
    private final long[] replayCutTimes;
    private final long recoveredEnd;
    private final ConcurrentLinkedQueue<Control> controls = new ConcurrentLinkedQueue<>();
    private int nextCut;
    private volatile long liveRowsRead;
    private Batch current;

    WalWorker(TableRef table, WriteAheadLog log, BatchPool pool, BatchSender sender, BatcherCounters state,
            AckWaiters waiters, boolean deduplicate, BatchConfig config) {
        this.table = table;
        this.log = log;
        this.pool = pool;
        this.sender = sender;
        this.state = state;
        this.waiters = waiters;
        this.deduplicate = deduplicate;
        this.maxRows = config.maxRows();
        this.maxBytes = config.maxBufferSize();
        this.maxWaitNanos = config.maxWait().toNanos();
        this.replayCuts = log.pendingCuts();
        this.replayCutTimes = log.pendingCutTimes();
        this.recoveredEnd = log.recoveredEnd();
    }

    /** Flushes everything appended before now; {@code close}: then stops. */
    void control(CompletableFuture<FlushStats> result, boolean close) {
        controls.add(new Control(log.end(), result, close));
        log.wake();
    }

    /** Rows appended after start and read into a batch. */
    long liveRowsRead() {
        return liveRowsRead;
    }

    @Override
    public void run() {
        try {
            work();
        } catch (Throwable e) {
            log.closeAppends();
            state.died(e);
            LOG.error("Batcher worker for {} died; the batcher accepts no more rows. Rows already in the write-ahead "
                    + "log {} are not lost: they are sent at the next start", table, log.directory(), e);
            BatcherClosedException cause = new BatcherClosedException("batcher worker died before these rows were "
                    + "written: " + e);
            cause.initCause(e);
            Control control;
            while ((control = controls.poll()) != null) {
                control.result().completeExceptionally(cause);
            }
            if (current != null) {
                for (CompletableFuture<FlushStats> waiter : current.waiters) {
                    waiter.completeExceptionally(cause);
                }
            }
            waiters.failAll(cause);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            sender.finish();
        }
    }

    private void work() throws InterruptedException {
        WalReader reader = log.reader();
        Batch batch = pool.take();
        current = batch;
        while (true) {
            long end = log.end();
            while (true) {
                long position = reader.position();
                if (nextCut < replayCuts.length && position >= replayCuts[nextCut]) {
                    pastWindow(batch, replayCutTimes[nextCut]);
                    batch = seal(batch, replayCuts[nextCut++], FlushTrigger.REPLAY);
                    continue;
                }
                if (position >= end) {
                    break;
                }
                if (reader.next(batch.buffer) != WalRecords.DATA) {
                    continue;
                }
                int rows = reader.rows();
                if (batch.rows == 0) {
                    batch.firstRowNanos = System.nanoTime();
                }
                batch.rows += rows;
                if (position < recoveredEnd) {
                    log.replayed(rows);
                } else {
                    liveRowsRead += rows;
                }
                if (nextCut >= replayCuts.length) {
                    if (batch.rows >= maxRows) {
                        batch = cut(batch, reader.position(), FlushTrigger.MAX_ROWS);
                    } else if (batch.buffer.size() >= maxBytes) {
                        batch = cut(batch, reader.position(), FlushTrigger.MAX_BYTES);
                    }
                }
                current = batch;
            }
            if (nextCut < replayCuts.length) {
                LOG.warn("Write-ahead log of {}: {} batch cuts lie beyond the log's end (a corrupt segment was set "
                        + "aside); the rows after them are cut anew", table, replayCuts.length - nextCut);
                nextCut = replayCuts.length;
            }
            Control control;
            boolean closing = false;
            while ((control = controls.peek()) != null && control.target() <= reader.position()) {
                controls.poll();
                batch.waiters.add(control.result());
                closing |= control.close();
                FlushTrigger trigger = control.close() ? FlushTrigger.CLOSE : FlushTrigger.EXPLICIT;
                batch = batch.isEmpty() ? seal(batch, -1, trigger) : cut(batch, reader.position(), trigger);
            }
            if (closing) {
                break;
            }
            if (!batch.isEmpty() && System.nanoTime() - batch.firstRowNanos >= maxWaitNanos) {
                batch = cut(batch, reader.position(), FlushTrigger.MAX_WAIT);
            }
            current = batch;
            long timeout = batch.isEmpty() ? -1 : Math.max(1, batch.firstRowNanos + maxWaitNanos - System.nanoTime());
            if (controls.isEmpty()) {
                // an empty batch wakes at its first row (which starts its maxWait); a started one when it could be
                // full, or WAKE_BYTES later, so that producers hand off to this thread about once per batch
                log.awaitData(reader.position(), batch.isEmpty() ? 1 : maxRows - batch.rows,
                        batch.isEmpty() ? 1 : (int) Math.min(WAKE_BYTES, maxBytes - batch.buffer.size()), timeout);
            }
        }
        current = null;
        pool.release(batch);
    }

    /**
     * A batch cut before the stop and sent again after the server's deduplication window: if it had landed before
     * the stop (its answer lost), this stores it twice. Counted and logged, like a spill file replayed that late.
     */
    private void pastWindow(Batch batch, long cutMillis) {
        long age = System.currentTimeMillis() - cutMillis;
        if (batch.rows > 0 && age > DEDUPLICATION_WINDOW_MILLIS) {
            log.replayedPastWindow(batch.rows);
            LOG.warn("Sending again {} rows for {} from the write-ahead log, cut {} s ago: past the deduplication window "
                    + "of {} s (replicated_deduplication_window_seconds; count windows may be shorter), so if that batch "
                    + "had landed before the stop it is now stored twice. See docs/delivery.md", batch.rows, table,
                    age / 1000, DEDUPLICATION_WINDOW_MILLIS / 1000);
        }
    }

    /** Records the cut in the log (forced to disk), then seals. */
    private Batch cut(Batch batch, long end, FlushTrigger trigger) throws InterruptedException {
        log.cut(end);
        return seal(batch, end, trigger);
    }

    private Batch seal(Batch batch, long end, FlushTrigger trigger) throws InterruptedException {
        batch.trigger = trigger;
        batch.walEnd = end;
        if (deduplicate && end >= 0) {
            batch.deduplicationToken = log.token(end);
        }
        sender.submit(batch);
        Batch next = pool.take();
        current = next;
        return next;
    }
}
