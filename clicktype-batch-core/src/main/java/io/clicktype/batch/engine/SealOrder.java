package io.clicktype.batch.engine;

import java.util.function.Consumer;

/**
 * Resolves batches in the order the worker sealed them, whichever of the concurrent inserts ends first.
 *
 * <p>Why: with more than one insert in flight a later batch can be acknowledged before an earlier one, but what
 * follows a batch's end must happen in seal order. A {@code flush()} future means "everything before it is written";
 * {@link Acknowledgements} resolves {@code submit} stages by position; a write-ahead log may only move its acknowledged
 * position past rows whose batches all ended. So the sender marks each batch {@linkplain #done done} when its insert
 * ended (acknowledged or handed over), and this calls {@code resolve} for it once every batch sealed before it is done
 * too.
 *
 * <p>At most {@code capacity} batches exist ({@link BatchPool}), so the sequences not yet resolved fit a ring of that
 * size. {@code resolve} runs outside the lock, on one thread at a time (the one that found work to do), so a slow
 * callback of a completed future never blocks the other sender's {@code done}. Thread-safe.
 */
final class SealOrder {

    private final Batch[] done;
    private final Consumer<Batch> resolve;
    /** The sequence to give the next batch sealed (worker thread). */
    private long sealed;
    /** The sequence to resolve next. */
    private long next;
    /** Whether a thread is resolving: others leave their batch and go on. */
    private boolean resolving;

    /**
     * @param capacity how many batches exist (in flight, waiting or being filled)
     * @param resolve  what ends a batch, in seal order: completes its waiters, acknowledges its positions, returns it
     *                 to the pool; what it throws is the caller's, after the batches ready were resolved
     */
    SealOrder(int capacity, Consumer<Batch> resolve) {
        this.done = new Batch[capacity];
        this.resolve = resolve;
    }

    /** Gives {@code batch} the next sequence; called once per batch, by the worker, as it hands it to the sender. */
    synchronized void sealed(Batch batch) {
        batch.sequence = sealed++;
    }

    /** The batch's insert ended; resolves it, and those after it that were waiting, when its turn has come. */
    void done(Batch batch) {
        synchronized (this) {
            done[slot(batch.sequence)] = batch;
            if (resolving) {
                return;
            }
            resolving = true;
        }
        Throwable failure = null;
        while (true) {
            Batch ready;
            synchronized (this) {
                int slot = slot(next);
                ready = done[slot];
                if (ready == null || ready.sequence != next) {
                    resolving = false;
                    break;
                }
                done[slot] = null;
                next++;
            }
            try {
                resolve.accept(ready);
            } catch (RuntimeException | Error e) {
                // the batches after it are still resolved: one failing callback must not stall the table
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }

    private int slot(long sequence) {
        return (int) (sequence % done.length);
    }
}
