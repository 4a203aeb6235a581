package io.clicktype.batch.engine;

import java.time.Duration;

/**
 * What becomes of a batch once the sender is done with it, beside completing its waiters: the one place where the
 * durability modes differ after the intake. {@link HandlerOutcome}: a batch not written goes to the
 * failed-batch handler (or the disk spill). {@link LogOutcome}: the write-ahead log keeps it, so it is only
 * acknowledged in the log or, when ClickHouse refused it, set aside. Called on the sender's threads: {@link #notSent}
 * as soon as a batch is given up (batches of concurrent inserts in any order), {@link #resolved} in seal order.
 */
interface BatchOutcome {

    /**
     * {@code batch} ended, and so did every batch sealed before it ({@link SealOrder}): written ({@code batch.result}
     * set) or handed over ({@code batch.cause} set, after {@link #notSent}). Nothing by default.
     */
    default void resolved(Batch batch) {
    }

    /**
     * {@code batch} was not written: refused or out of retries, or ({@code closing}) the batcher's
     * {@code shutdownTimeout} ran out first.
     *
     * @param took how long since the batch's first attempt
     */
    void notSent(Batch batch, int attempts, Duration took, Throwable cause, boolean closing);

    /**
     * Whether a batch not sent is kept off the heap (a disk spill that replays it later): then, while the memory
     * budget is under pressure, a batch whose attempt failed goes there at once instead of waiting out its retries
     * in memory.
     */
    default boolean offHeap() {
        return false;
    }

    /**
     * As {@link #notSent}, not closing, but only if the outcome can keep {@code batch} now without dropping rows (a
     * disk spill with room for it); {@code false}, with nothing done or counted, when it cannot. While it cannot, a
     * batch that failed for a reason a retry can fix stays in memory and is retried, so that the memory budget holds
     * producers back instead of the spill dropping rows.
     */
    default boolean notSentIfRoom(Batch batch, int attempts, Duration took, Throwable cause) {
        notSent(batch, attempts, took, cause, false);
        return true;
    }
}
