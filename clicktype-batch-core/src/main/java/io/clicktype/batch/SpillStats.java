package io.clicktype.batch;

import java.time.Duration;

/**
 * A snapshot of a {@link DiskSpill}.
 *
 * @param pendingFiles  spill files waiting for replay
 * @param pendingRows   rows in them
 * @param pendingBytes  bytes on disk
 * @param oldestAge     age of the oldest pending file, {@link Duration#ZERO} when none
 * @param spilledRows   rows written to disk since start
 * @param replayedRows  rows replayed into ClickHouse since start
 * @param droppedRows   rows dropped because the directory was full (or a write failed)
 * @param corruptFiles  files moved aside to {@code corrupt/} since start (what the folder holds now:
 *                      {@code corruptFilesHeld})
 * @param rejectedFiles files ClickHouse refused as invalid on replay, moved to {@code rejected/} since start (what
 *                      the folder holds now: {@code rejectedFilesHeld})
 * @param replayedPastWindowRows rows replayed later than the deduplication window after they were spilled: if
 *                      their batch had landed before, they are stored twice (counted in {@code replayedRows} too)
 * @param missingTableWaits times a replay pass found a file's table (or database) missing and kept the file pending
 *                      ({@code DiskSpill.Builder.missingTableTimeout})
 * @param missingTables the tables the last replay pass found missing, whose files wait for them
 * @param rejectedFilesHeld files in {@code rejected/} now, set aside by this run or an earlier one and not yet moved
 *                      back or removed: never replayed until someone does (listed at most every 10 s; see
 *                      docs/delivery.md, "Set-aside batches")
 * @param rejectedRowsHeld rows in them, as their headers say
 * @param corruptFilesHeld files in {@code corrupt/} now, likewise
 */
public record SpillStats(int pendingFiles, long pendingRows, long pendingBytes, Duration oldestAge, long spilledRows,
        long replayedRows, long droppedRows, long corruptFiles, long rejectedFiles, long replayedPastWindowRows,
        long missingTableWaits, java.util.Set<String> missingTables, int rejectedFilesHeld, long rejectedRowsHeld,
        int corruptFilesHeld) {
}
