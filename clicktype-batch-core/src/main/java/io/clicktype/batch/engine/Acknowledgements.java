package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code submit} stages of one batcher, by intake position, in both durability modes: a stage completes when
 * every batch holding one of its rows was acknowledged, or exceptionally with the first failure among them.
 *
 * <p>A position is where a row ends in the intake: the running count of accepted rows in memory, the log offset
 * with a write-ahead log. Batches are resolved in intake order, and each covers the positions
 * {@code (start, end]}.
 *
 * <p>No allocation per {@code submit}: every submit between two of the worker's reads joins one <em>open</em>
 * stage (the same object is returned to each of them). {@link #closeOpen()}, called by the worker each time it
 * took rows, ends that sharing, so a stage never waits on rows that keep arriving. Thread-safe.
 */
final class Acknowledgements {

    /** Failed batches remembered for a submit whose add comes after its batch was already resolved. */
    private static final int REMEMBERED_FAILURES = 256;

    private static final class Stage {
        long first;
        long last;
        final CompletableFuture<FlushStats> future = new CompletableFuture<>();
        final CompletionStage<FlushStats> view = future.minimalCompletionStage();
        Throwable failure;

        Stage(long position) {
            first = position;
            last = position;
        }

        void resolve(FlushStats stats) {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(stats);
            }
        }
    }

    private record Failure(long start, long end, Throwable cause) {
    }

    private final List<Stage> waiting = new ArrayList<>();
    private final ArrayDeque<Failure> failures = new ArrayDeque<>();
    private Stage open;
    /** The end of the last batch resolved (acknowledged or failed): positions up to here have their outcome. */
    private long resolved = Long.MIN_VALUE;
    /** The highest end of a failure no longer remembered. */
    private long forgottenFailures = Long.MIN_VALUE;
    private FlushStats lastStats = FlushStats.empty(FlushTrigger.EXPLICIT);

    /** The stage of the row ending at {@code position}, shared with the other submits since the worker's last read. */
    synchronized CompletionStage<FlushStats> add(long position) {
        if (position <= resolved) {
            return alreadyResolved(position);
        }
        if (open != null) {
            open.first = Math.min(open.first, position);
            open.last = Math.max(open.last, position);
            return open.view;
        }
        open = new Stage(position);
        waiting.add(open);
        return open.view;
    }

    /** The worker took rows from the intake: later submits start a new stage. */
    synchronized void closeOpen() {
        open = null;
    }

    /** The batch of positions {@code (start, end]} was acknowledged. */
    synchronized void acknowledged(long start, long end, FlushStats stats) {
        resolved = Math.max(resolved, end);
        lastStats = stats;
        for (Iterator<Stage> it = waiting.iterator(); it.hasNext(); ) {
            Stage stage = it.next();
            if (stage.last <= end) {
                it.remove();
                forget(stage);
                stage.resolve(stats);
            }
        }
    }

    /** The batch of positions {@code (start, end]} will not be acknowledged: the stages it overlaps fail. */
    synchronized void failed(long start, long end, Throwable cause) {
        resolved = Math.max(resolved, end);
        failures.addLast(new Failure(start, end, cause));
        if (failures.size() > REMEMBERED_FAILURES) {
            forgottenFailures = Math.max(forgottenFailures, failures.removeFirst().end());
        }
        for (Iterator<Stage> it = waiting.iterator(); it.hasNext(); ) {
            Stage stage = it.next();
            if (stage.first <= end && stage.last > start && stage.failure == null) {
                stage.failure = cause;
            }
            if (stage.last <= end) {
                it.remove();
                forget(stage);
                stage.resolve(lastStats);
            }
        }
    }

    /** Fails every stage still waiting (the batcher stopped, or its worker died). */
    synchronized void failAll(Throwable cause) {
        for (Stage stage : waiting) {
            if (stage.failure == null) {
                stage.failure = cause;
            }
            stage.resolve(lastStats);
        }
        waiting.clear();
        open = null;
    }

    /** Stages not yet complete; for tests. */
    synchronized int waitingStages() {
        return waiting.size();
    }

    private void forget(Stage stage) {
        if (open == stage) {
            open = null;
        }
    }

    private CompletionStage<FlushStats> alreadyResolved(long position) {
        for (Failure failure : failures) {
            if (position > failure.start() && position <= failure.end()) {
                return CompletableFuture.failedStage(failure.cause());
            }
        }
        if (position <= forgottenFailures) {
            return CompletableFuture.failedStage(new BatcherClosedException("the outcome of this row's batch is no "
                    + "longer known: more than " + REMEMBERED_FAILURES + " batches failed before submit() could "
                    + "register it; see the batcher's failed and lost rows"));
        }
        return CompletableFuture.completedStage(lastStats);
    }
}
