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
 *
 * <p>An accepted offer returns its position: the count of rows accepted so far, including its own
 * ({@link Acknowledgements} completes {@code submit} stages by it). Refusals are {@link Intake#FULL} and
 * {@link Intake#CLOSED}.
 */
final class RowQueue {

    /** How long an offer with no time left still waits for the lock (the worker holds it for one drain). */
    private static final long LOCK_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int capacity;
    private final ArrayDeque<Object> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private int rows;
    private boolean closed;
    /** Rows accepted since the start: the position of the last one. */
    private long appended;
    /** The memory-budget bytes the queued rows were charged ({@link ByteBudget}); moved on with them. */
    private long queuedCharge;
    /** The part of {@link #queuedCharge} the last {@link #drainTo} took out; read by the worker after it. */
    private long drainedCharge;

    RowQueue(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1 << 16));
    }

    /** Adds an item of {@code weight} rows, waiting up to {@code timeoutNanos} for room; returns its position. */
    long offer(Object item, int weight, long timeoutNanos) throws InterruptedException {
        return offer(item, weight, 0, timeoutNanos);
    }

    /** As {@link #offer(Object, int, long)}, for rows charged {@code charge} bytes of the memory budget. */
    long offer(Object item, int weight, long charge, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        // the lock too is waited for within the timeout (plus a moment, so a timeout of 0 still gets a turn)
        if (!lock.tryLock(Math.max(timeoutNanos, LOCK_GRACE_NANOS), TimeUnit.NANOSECONDS)) {
            return Intake.FULL;
        }
        long remaining = deadline - System.nanoTime();
        try {
            while (!closed && rows + weight > capacity) {
                if (remaining <= 0) {
                    return Intake.FULL;
                }
                remaining = notFull.awaitNanos(remaining);
            }
            return add(item, weight, charge);
        } finally {
            lock.unlock();
        }
    }

    /** Adds an item of {@code weight} rows if there is room now; returns its position. */
    long tryOffer(Object item, int weight) {
        return tryOffer(item, weight, 0);
    }

    /** As {@link #tryOffer(Object, int)}, for rows charged {@code charge} bytes of the memory budget. */
    long tryOffer(Object item, int weight, long charge) {
        lock.lock();
        try {
            if (!closed && rows + weight > capacity) {
                return Intake.FULL;
            }
            return add(item, weight, charge);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a control message, ignoring the capacity; refused ({@link Intake#CLOSED}) only once the queue is closed. */
    long offerControl(ControlMessage message) {
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
        drainedCharge = 0;
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
            // the charge leaves in proportion to the rows (exactly all of it once the queue is empty)
            drainedCharge = rows == moved ? queuedCharge : rows == 0 ? 0 : queuedCharge * moved / rows;
            queuedCharge -= drainedCharge;
            rows -= moved;
            notFull.signalAll();
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every later offer and queues {@code last} as the final item, so that it follows every
     * accepted row. Returns {@link Intake#CLOSED} when the queue was already closed.
     */
    long closeWith(ControlMessage last) {
        lock.lock();
        try {
            if (closed) {
                return Intake.CLOSED;
            }
            long offer = add(last, 0);
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
        return item instanceof ControlMessage ? 0 : 1;
    }

    /** The memory-budget bytes of the rows the last {@link #drainTo} took; worker thread only. */
    long drainedCharge() {
        return drainedCharge;
    }

    /** The memory-budget bytes of the rows queued now. */
    long queuedCharge() {
        lock.lock();
        try {
            return queuedCharge;
        } finally {
            lock.unlock();
        }
    }

    private long add(Object item, int weight) {
        return add(item, weight, 0);
    }

    private long add(Object item, int weight, long charge) {
        if (closed) {
            return Intake.CLOSED;
        }
        boolean wasEmpty = items.isEmpty();
        items.addLast(item);
        rows += weight;
        appended += weight;
        queuedCharge += charge;
        if (wasEmpty) {
            notEmpty.signal();
        }
        return appended;
    }
}
