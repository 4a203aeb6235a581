package io.clicktype.batch.autoconfigure.health;

import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.SpillStats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code clicktype.spill} component: {@code SPILLING} while spilled rows wait for replay (to make
 * it count in the overall status, add it to {@code management.endpoint.health.status.order}), UP
 * otherwise; details: pending rows, bytes, files, the oldest file's age, the totals, and what the {@code rejected/}
 * and {@code corrupt/} folders hold now ({@code rejectedFilesHeld}, {@code rejectedRowsHeld}, {@code
 * corruptFilesHeld}: batches no replay sends until someone moves them back, whichever run set them aside).
 */
public class SpillHealthIndicator implements HealthIndicator {

    /** Rows are on disk, waiting for ClickHouse. */
    public static final Status SPILLING = new Status("SPILLING", "batches are on disk waiting for replay");

    private final DiskSpill spill;

    public SpillHealthIndicator(DiskSpill spill) {
        this.spill = spill;
    }

    @Override
    public Health health() {
        SpillStats stats = spill.stats();
        return Health.status(stats.pendingFiles() > 0 ? SPILLING : Status.UP)
                .withDetail("directory", spill.directory().toString())
                .withDetail("pendingRows", stats.pendingRows())
                .withDetail("pendingBytes", stats.pendingBytes())
                .withDetail("pendingFiles", stats.pendingFiles())
                .withDetail("oldestAge", stats.oldestAge().toString())
                .withDetail("spilledRows", stats.spilledRows())
                .withDetail("replayedRows", stats.replayedRows())
                .withDetail("droppedRows", stats.droppedRows())
                .withDetail("corruptFiles", stats.corruptFiles())
                .withDetail("rejectedFiles", stats.rejectedFiles())
                .withDetail("rejectedFilesHeld", stats.rejectedFilesHeld())
                .withDetail("rejectedRowsHeld", stats.rejectedRowsHeld())
                .withDetail("corruptFilesHeld", stats.corruptFilesHeld())
                .withDetail("replayedPastDeduplicationWindowRows", stats.replayedPastWindowRows())
                .withDetail("missingTables", stats.missingTables())
                .withDetail("missingTableWaits", stats.missingTableWaits())
                .build();
    }
}
