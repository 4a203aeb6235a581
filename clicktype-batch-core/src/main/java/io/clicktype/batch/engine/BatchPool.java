package io.clicktype.batch.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches that exist: two, one being filled while the other is sent. When both are busy the
 * worker waits here, stops draining the queue, and producers feel backpressure. This bounds memory
 * at {@code queueCapacity} rows plus two batch buffers.
 */
final class BatchPool {

    static final int SIZE = 2;

    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(SIZE);
    private final long shrinkThreshold;
    private final int initialCapacity;

    BatchPool(int initialCapacity, long shrinkThreshold) {
        this.initialCapacity = initialCapacity;
        this.shrinkThreshold = shrinkThreshold;
        for (int i = 0; i < SIZE; i++) {
            free.add(new Batch(initialCapacity));
        }
    }

    /** A free batch, waiting while both are in use. */
    Batch take() throws InterruptedException {
        return free.take();
    }

    /** Returns a batch after it was sent (or handed over), reset and shrunk if it grew too big. */
    void release(Batch batch) {
        batch.reset(shrinkThreshold, initialCapacity);
        free.add(batch);
    }

    /** Batches not in use now. */
    int available() {
        return free.size();
    }
}
