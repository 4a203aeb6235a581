package io.clicktype.batch.engine;

import io.clicktype.batch.schema.MissingTable;
import io.clicktype.batch.TableRef;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of one table's failing inserts, kept readable through an outage: the first failed attempt at WARN
 * with its cause (the transport's message ends in what to do), then each further attempt at DEBUG and at most one
 * WARN summary per {@code summaryEvery} with the counts so far, and one INFO line when an insert lands again (how
 * long it failed, how many attempts failed, how many rows went to the disk spill). Without it a 20 s outage logged
 * about 85 WARN lines for one table (a line per retry and two per spilled batch). Nothing goes unreported: every
 * attempt is still a {@code retryScheduled}/{@code rowsFailed} event, so metrics and health count them all.
 *
 * <p>Thread-safe: a table with more than one insert in flight reports from each of its sender threads.
 */
final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    /** How often, at most, a continuing outage gets a WARN line per table. */
    static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);

    private final TableRef table;
    private final LongSupplier nanoClock;
    private final long summaryEveryNanos;

    private boolean failing;
    private long since;
    private long lastWarn;
    private long failedAttempts;
    private long spilledBatches;
    private long spilledRows;
    private long givenUpRows;

    /**
     * @param nanoClock    {@link System#nanoTime()} in production, a test's clock otherwise
     * @param summaryEvery the least time between two WARN lines of one outage
     */
    OutageLog(TableRef table, LongSupplier nanoClock, Duration summaryEvery) {
        this.table = table;
        this.nanoClock = nanoClock;
        this.summaryEveryNanos = summaryEvery.toNanos();
    }

    /** An attempt failed and the batch is retried after {@code delay}. */
    synchronized void retrying(int rows, int attempt, Duration delay, RuntimeException cause) {
        failed("attempt " + attempt + "; the batch of " + rows + " rows is retried in " + delay.toMillis() + " ms"
                + (MissingTable.is(cause) ? ", as long as the table is missing (it may be created again)" : ""),
                cause);
    }

    /** An attempt failed and the batch went to the disk spill, which replays it once ClickHouse is back. */
    synchronized void spilled(int rows, int attempt, boolean underMemoryPressure, RuntimeException cause) {
        spilledBatches++;
        spilledRows += rows;
        failed("attempt " + attempt + "; the batch of " + rows + " rows went to the disk spill"
                + (underMemoryPressure ? ", the memory budget being under pressure" : "")
                + ", to be replayed when ClickHouse accepts inserts again", cause);
    }

    /** An attempt failed, the disk spill is full, and the batch stays in memory to be retried after {@code delay}. */
    synchronized void spillFull(int rows, int attempt, Duration delay, RuntimeException cause) {
        failed("attempt " + attempt + "; the disk spill is full, so the batch of " + rows + " rows stays in memory, "
                + "retried in " + delay.toMillis() + " ms, and producers are held back meanwhile", cause);
    }

    /**
     * An attempt failed and the batch is out of retries: it goes to the failed-batch handler (or, where none is
     * configured, is lost, which the handler outcome logs at ERROR).
     */
    synchronized void givenUp(int rows, int attempt, RuntimeException cause) {
        givenUpRows += rows;
        failed("attempt " + attempt + "; the batch of " + rows + " rows is out of retries and goes to the "
                + "failed-batch handler", cause);
    }

    /** An insert landed: ends the outage, if there was one, with one line. */
    synchronized void delivered() {
        if (!failing) {
            return;
        }
        long now = nanoClock.getAsLong();
        String line = "Inserts into {} succeed again after {} of failures: {} failed attempt(s){}";
        String replayed = spilledRows == 0 ? "" : spilled("during the outage") + " (replayed in the background; the "
                + "replay logs them and counts them in SpillStats.replayedRows, the metric "
                + "clicktype.batch.spill.rows{outcome=replayed} under Micrometer)";
        if (givenUpRows == 0) {
            LOG.info(line, table, seconds(now - since), failedAttempts, replayed);
        } else {
            // rows that ran out of retries are not back: say so where the outage ends, not only in earlier lines
            LOG.warn(line + "; {} row(s) ran out of retries during it and went to the failed-batch handler, or were "
                    + "LOST where none is configured (see the ERROR lines; a DiskSpill as the handler keeps them)",
                    table, seconds(now - since), failedAttempts, replayed, givenUpRows);
        }
        failing = false;
        failedAttempts = 0;
        spilledBatches = 0;
        spilledRows = 0;
        givenUpRows = 0;
    }

    private void failed(String what, RuntimeException cause) {
        long now = nanoClock.getAsLong();
        failedAttempts++;
        if (!failing) {
            failing = true;
            since = now;
            lastWarn = now;
            LOG.warn("Insert into {} failed ({}): {}. While inserts keep failing, further attempts are logged at "
                    + "DEBUG, with one summary every {} s and a line when they succeed again", table, what,
                    clause(cause), Duration.ofNanos(summaryEveryNanos).toSeconds());
            return;
        }
        if (now - lastWarn >= summaryEveryNanos) {
            lastWarn = now;
            // no word of a spill where nothing went to one (a write-ahead log keeps its batches itself)
            LOG.warn("Inserts into {} still failing after {}: {} failed attempt(s){}; last ({}): {}", table,
                    seconds(now - since), failedAttempts, spilledRows == 0 ? "" : spilled("so far"), what,
                    clause(cause));
            return;
        }
        LOG.debug("Insert into {} failed again ({}): {}", table, what, cause.getMessage());
    }

    /**
     * The cause's message without its final full stop: the lines here go on after it. A missing table's message says
     * "[not retryable]" (the transport's verdict on the request), but the batcher waits for the table: that tag would
     * contradict the line's "retried in", so it says what happens instead.
     */
    static String clause(Throwable cause) {
        String clause = io.clicktype.batch.text.Clause.of(cause);
        return MissingTable.is(cause) ? clause.replace("[not retryable]", "[waited for]") : clause;
    }

    private String spilled(String when) {
        return ", " + spilledRows + " row(s) in " + spilledBatches + " batch(es) handed to the disk spill " + when;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
