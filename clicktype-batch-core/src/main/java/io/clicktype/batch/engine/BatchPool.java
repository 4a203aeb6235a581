package io.clicktype.batch.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches that exist: one more than the inserts in flight, one being filled while the others are sent. When all
 * are busy the worker waits here, stops draining the queue, and producers feel backpressure. This bounds a table's
 * memory at {@code queueCapacity} rows plus {@code insertsInFlight + 1} batch buffers, all of it charged to the memory
 * budget: each batch holds its buffer's capacity ({@link Batch#charge}), settled here when it comes back.
 */
final class BatchPool {

    private final int size;
    private final BlockingQueue<Batch> free;
    private final long shrinkThreshold;
    private final int initialCapacity;
    private final ByteBudget budget;
    /** What the worker's encoder holds besides the batches (a Native block's column buffers), as charged. */
    private long encoderCharge;

    /** @param size how many batches exist: the inserts in flight, plus the one the worker fills */
    BatchPool(int size, int initialCapacity, long shrinkThreshold, ByteBudget budget) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(size);
        this.initialCapacity = initialCapacity;
        this.shrinkThreshold = shrinkThreshold;
        this.budget = budget;
        for (int i = 0; i < size; i++) {
            Batch batch = new Batch(initialCapacity);
            batch.charge = batch.buffer.capacity();
            budget.force(batch.charge);
            free.add(batch);
        }
    }

    /** How many batches exist. */
    int size() {
        return size;
    }

    /** A free batch, waiting while all are in use. */
    Batch take() throws InterruptedException {
        return free.take();
    }

    /**
     * Returns a batch after it was sent (or handed over), reset and shrunk if it grew too big, or at all while the
     * memory budget is under pressure: an idle buffer must not hold the budget that producers wait for.
     */
    void release(Batch batch) {
        batch.reset(budget.underPressure() ? 0 : shrinkThreshold, initialCapacity);
        settle(batch);
        free.add(batch);
    }

    /** Whether {@code batch}'s buffer is larger than a fresh one. */
    boolean oversized(Batch batch) {
        return batch.buffer.capacity() > initialCapacity;
    }

    /**
     * Gives back the memory of idle buffers: {@code current}, which must be empty, and the free batches are replaced
     * by buffers of the initial size. For the worker, when its table went idle or producers wait for the budget.
     */
    void shrinkIdle(Batch current) {
        current.reset(0, initialCapacity);
        settle(current);
        java.util.List<Batch> idle = new java.util.ArrayList<>(size);
        free.drainTo(idle);
        for (Batch batch : idle) {
            batch.reset(0, initialCapacity);
            settle(batch);
            free.add(batch);
        }
    }

    /** Whether producers wait for the memory budget (or it is nearly full). */
    boolean underPressure() {
        return budget.underPressure();
    }

    /** Makes the batch's charge its buffer's capacity again, freeing (or charging) the difference. */
    void settle(Batch batch) {
        long capacity = batch.buffer.capacity();
        if (batch.charge > capacity) {
            budget.release(batch.charge - capacity);
        } else if (batch.charge < capacity) {
            budget.force(capacity - batch.charge);
        }
        batch.charge = capacity;
    }

    /**
     * Makes the encoder's charge what it holds now ({@code held}, e.g. a Native block's column buffers): charged at
     * once when it grew (never waiting, like a buffer's growth), freed when it shrank. Worker thread only.
     */
    void settleEncoder(long held) {
        if (held > encoderCharge) {
            budget.force(held - encoderCharge);
        } else if (held < encoderCharge) {
            budget.release(encoderCharge - held);
        }
        encoderCharge = held;
    }

    /** Frees the charges of the batches not in use (and the encoder's), when the batcher stops; returns how many batches it freed. */
    int close() {
        settleEncoder(0);
        int closed = 0;
        Batch batch;
        while ((batch = free.poll()) != null) {
            budget.release(batch.charge);
            batch.charge = 0;
            closed++;
        }
        return closed;
    }

    /** Batches not in use now. */
    int available() {
        return free.size();
    }
}
