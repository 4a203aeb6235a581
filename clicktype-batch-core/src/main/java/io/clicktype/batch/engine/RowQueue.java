package io.clicktype.batch.engine;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between producers and the worker, bounded in rows (an {@code insertMany} of
 * n rows takes n slots, all or none).
 *
 * <p>Producers wake the worker only when the queue goes from empty to non-empty; the worker drains
 * everything in one go. Control messages take no slot, so flush and close never wait for room.
 */
final class RowQueue {

    private final int capacity;
    private final ArrayDeque<Object> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private int rows;
    private boolean closed;
    private SubmitTicket currentTicket;

    RowQueue(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1 << 16));
    }

    /** Outcome of an offer. */
    enum Offer { ACCEPTED, FULL, CLOSED }

    /** Adds an item of {@code weight} rows, waiting up to {@code timeoutNanos} for room. */
    Offer offer(Object item, int weight, long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        lock.lockInterruptibly();
        try {
            while (!closed && rows + weight > capacity) {
                if (remaining <= 0) {
                    return Offer.FULL;
                }
                remaining = notFull.awaitNanos(remaining);
            }
            return add(item, weight);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds one row whose acknowledgement the caller wants, waiting up to {@code timeoutNanos} for room.
     *
     * @return the ticket the row joined, or {@code null} when full ({@link Offer#FULL}) or closed
     */
    SubmitTicket submit(Object row, long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        lock.lockInterruptibly();
        try {
            while (!closed && rows + 1 > capacity) {
                if (remaining <= 0) {
                    return null;
                }
                remaining = notFull.awaitNanos(remaining);
            }
            if (closed) {
                return null;
            }
            if (currentTicket == null) {
                currentTicket = new SubmitTicket();
                add(currentTicket, 0);
            }
            add(row, 1);
            return currentTicket;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue refuses offers. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Adds an item of {@code weight} rows if there is room now. */
    Offer tryOffer(Object item, int weight) {
        lock.lock();
        try {
            if (!closed && rows + weight > capacity) {
                return Offer.FULL;
            }
            return add(item, weight);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a control message, ignoring the capacity; refused only once the queue is closed. */
    Offer offerControl(ControlMessage message) {
        lock.lock();
        try {
            return add(message, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code maxItems} items into {@code sink}, waiting up to {@code timeoutNanos}
     * (negative: forever) while the queue is empty. Returns the number of rows moved. Taking a bounded
     * number keeps rows in the queue (where they count against the capacity) while the worker cannot
     * encode them.
     */
    int drainTo(List<Object> sink, long timeoutNanos, int maxItems) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (items.isEmpty()) {
                if (timeoutNanos < 0) {
                    notEmpty.await();
                } else if (remaining <= 0) {
                    return 0;
                } else {
                    remaining = notEmpty.awaitNanos(remaining);
                }
            }
            int moved = 0;
            Object item;
            for (int taken = 0; taken < maxItems && (item = items.pollFirst()) != null; taken++) {
                sink.add(item);
                moved += weightOf(item);
            }
            rows -= moved;
            if (items.isEmpty() && currentTicket != null) {
                // Every row of the current ticket is in the sink now: later submits start a new one.
                sink.add(currentTicket.closer);
                currentTicket = null;
            }
            notFull.signalAll();
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every later offer and queues {@code last} as the final item, so that it follows every
     * accepted row. Returns {@link Offer#CLOSED} when the queue was already closed.
     */
    Offer closeWith(ControlMessage last) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            Offer offer = add(last, 0);
            closed = true;
            notFull.signalAll();
            return offer;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later offer; items already queued stay for the worker. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Rows waiting. */
    int rows() {
        lock.lock();
        try {
            return rows;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    private static int weightOf(Object item) {
        if (item instanceof RowGroup group) {
            return group.size();
        }
        return item instanceof ControlMessage || item instanceof SubmitTicket ? 0 : 1;
    }

    private Offer add(Object item, int weight) {
        if (closed) {
            return Offer.CLOSED;
        }
        boolean wasEmpty = items.isEmpty();
        items.addLast(item);
        rows += weight;
        if (wasEmpty) {
            notEmpty.signal();
        }
        return Offer.ACCEPTED;
    }
}
