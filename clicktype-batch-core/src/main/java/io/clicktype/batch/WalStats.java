package io.clicktype.batch;

import java.nio.file.Path;

/**
 * A snapshot of one table's write-ahead log ({@link Durability#WAL}), from memory (what {@code rejected/} holds is
 * listed at most every 10 s).
 *
 * @param directory          the table's log directory
 * @param bytes              bytes the segment files take on disk (they are allocated whole)
 * @param maxBytes           the bound of {@code bytes} ({@code wal.max-size})
 * @param segments           segment files
 * @param unacknowledgedBytes log bytes from the end of the last batch ClickHouse acknowledged to the end of the last
 *                           row appended (rows, and the batch marks between them): 0 when every row appended is
 *                           acknowledged
 * @param fsyncs             fsyncs run since start
 * @param fsyncNanos         total time spent in them, nanoseconds
 * @param replayedRows       rows found in the log at start, not acknowledged before, and sent again since
 * @param tornRecords        torn last records cut off at start (a write the process did not finish)
 * @param corruptSegments    segments set aside at start as corrupt ({@code *.wal.corrupt}), never replayed
 * @param rejectedRows       rows of batches ClickHouse refused as invalid, moved to the {@code rejected/} folder
 * @param replayedPastWindowRows rows of batches cut before a stop and sent again more than an hour after they were
 *                           cut (ClickHouse's default {@code replicated_deduplication_window_seconds}): if such a
 *                           batch had landed before the stop, it may now be stored twice
 * @param rejectedFilesHeld  files in the {@code rejected/} folder now, set aside by this run or an earlier one and
 *                           not yet replayed or removed (listed at most every 10 s; docs/delivery.md, "Set-aside
 *                           batches")
 * @param rejectedRowsHeld   rows in them, as their headers say
 */
public record WalStats(Path directory, long bytes, long maxBytes, int segments, long unacknowledgedBytes, long fsyncs,
        long fsyncNanos, long replayedRows, long tornRecords, long corruptSegments, long rejectedRows,
        long replayedPastWindowRows, int rejectedFilesHeld, long rejectedRowsHeld) {
}
