package io.clicktype.batch.engine;

import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The acknowledgement shared by a burst of {@code submit} calls: one future for all rows submitted
 * between two drains of the queue, so a submit allocates nothing per row. It completes when every batch
 * holding one of its rows was acknowledged, or exceptionally with the first failure.
 *
 * <p>In the queue, the ticket object marks where its rows start and {@link #closer} where they end.
 */
final class SubmitTicket {

    final CompletableFuture<FlushStats> future = new CompletableFuture<>();
    /** The read-only view handed to every submitter of the ticket: one object, not one per row. */
    final CompletionStage<FlushStats> stage = future.minimalCompletionStage();
    final Closer closer = new Closer(this);
    private int pendingBatches;
    private boolean closed;
    private Throwable failure;
    private FlushStats last;

    /** A batch took one of the ticket's rows. */
    synchronized void batchAdded() {
        pendingBatches++;
    }

    /** A batch holding rows of the ticket was acknowledged ({@code failure == null}) or handed over. */
    synchronized void batchDone(FlushStats stats, Throwable batchFailure) {
        pendingBatches--;
        if (batchFailure != null && failure == null) {
            failure = batchFailure;
        }
        if (stats != null) {
            last = stats;
        }
        completeIfDone();
    }

    /** The worker died: the ticket's rows will never be acknowledged. */
    void abandon(Throwable cause) {
        future.completeExceptionally(cause);
    }

    /** No more rows will join the ticket. */
    synchronized void close() {
        closed = true;
        completeIfDone();
    }

    private void completeIfDone() {
        if (!closed || pendingBatches > 0) {
            return;
        }
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(last != null ? last : FlushStats.empty(FlushTrigger.EXPLICIT));
        }
    }

    /** The queue item that ends a ticket's rows. */
    record Closer(SubmitTicket ticket) {
    }
}
