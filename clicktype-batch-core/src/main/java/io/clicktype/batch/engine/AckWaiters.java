package io.clicktype.batch.engine;

import io.clicktype.batch.FlushStats;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code submit} stages of a write-ahead-logged batcher, by the log position where each row ends: a stage
 * completes when a batch ending at or after its position is acknowledged, or exceptionally when that batch is
 * refused or the batcher stops first. Thread-safe.
 */
final class AckWaiters {

    private record Waiter(long position, CompletableFuture<FlushStats> future) {
    }

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::position));
    private long acknowledged = -1;
    private FlushStats last;

    /** A stage for the row ending at {@code position}. */
    synchronized CompletableFuture<FlushStats> add(long position) {
        CompletableFuture<FlushStats> future = new CompletableFuture<>();
        if (position <= acknowledged) {
            future.complete(last);
        } else {
            waiters.add(new Waiter(position, future));
        }
        return future;
    }

    /** The batch ending at {@code end} was acknowledged. */
    synchronized void acknowledged(long end, FlushStats stats) {
        acknowledged = Math.max(acknowledged, end);
        last = stats;
        while (!waiters.isEmpty() && waiters.peek().position() <= end) {
            waiters.poll().future().complete(stats);
        }
    }

    /** The batch ending at {@code end} will not be acknowledged: its rows' stages fail with {@code cause}. */
    synchronized void failed(long end, Throwable cause) {
        while (!waiters.isEmpty() && waiters.peek().position() <= end) {
            waiters.poll().future().completeExceptionally(cause);
        }
    }

    /** Fails every stage still waiting. */
    synchronized void failAll(Throwable cause) {
        failed(Long.MAX_VALUE, cause);
    }
}
