package io.clicktype.batch.engine;

import io.clicktype.batch.schema.MissingTable;
import io.clicktype.batch.schema.ViewFailure;
import io.clicktype.batch.TransportException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed insert again: up to {@code maxRetries} times, after an exponentially growing
 * delay with jitter ({@code base × 2^(n-1)}, capped, then a random point in its upper half so that
 * many batchers do not retry in lock-step). Failures retrying cannot fix are not retried; a missing table or database
 * is retried (it may be created again: a wait, not a verdict, {@link MissingTable}); a failure in a dependent
 * materialized view never is ({@link ViewFailure}).
 */
final class RetryPolicy {

    private final int maxRetries;
    private final long baseNanos;
    private final long maxNanos;

    RetryPolicy(int maxRetries, Duration base, Duration max) {
        this.maxRetries = maxRetries;
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Whether attempt number {@code attempt} (1-based) that failed with {@code failure} may be retried. */
    boolean shouldRetry(int attempt, Throwable failure) {
        if (attempt > maxRetries) {
            return false;
        }
        if (ViewFailure.is(failure)) {
            // the table stored the rows before its view failed: a retry would store them twice
            return false;
        }
        return !(failure instanceof TransportException transport) || transport.retryable() || MissingTable.is(failure);
    }

    /** Delay before retry number {@code retry} (1-based). */
    Duration delay(int retry) {
        long exponential = baseNanos << Math.min(retry - 1, 30);
        long capped = exponential < 0 || exponential > maxNanos ? maxNanos : exponential;
        long half = capped / 2;
        long jitter = half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0;
        return Duration.ofNanos(capped - half + jitter);
    }
}
