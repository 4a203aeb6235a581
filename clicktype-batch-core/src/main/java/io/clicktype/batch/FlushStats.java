package io.clicktype.batch;

import java.time.Duration;

/**
 * The outcome of one acknowledged flush.
 *
 * @param rows     rows written
 * @param bytes    RowBinary bytes sent (before HTTP compression)
 * @param duration time from the first attempt to the server's acknowledgement, retries included
 * @param batchAge time from the batch's first row to the start of the flush
 * @param trigger  why the batch was flushed
 * @param attempts attempts it took, 1 when the first one succeeded
 */
public record FlushStats(long rows, long bytes, Duration duration, Duration batchAge, FlushTrigger trigger,
        int attempts) {

    /** The stats of a flush that found nothing to send. */
    public static FlushStats empty(FlushTrigger trigger) {
        return new FlushStats(0, 0, Duration.ZERO, Duration.ZERO, trigger, 0);
    }
}
