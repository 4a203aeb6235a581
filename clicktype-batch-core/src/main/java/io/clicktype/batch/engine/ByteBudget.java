package io.clicktype.batch.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes every batcher sharing one {@code MemoryBudget} may hold: rows queued (by estimate), batch buffers and
 * hand-over copies. Producers {@link #acquire} before queueing and wait while it is full; the worker and sender
 * never wait here ({@link #force}): they only move charges along or free them, and a worker waiting for memory that
 * only it can free (by draining the queue) would deadlock. Thread-safe; the way in is one CAS, the lock is taken
 * only to wait or to wake waiters.
 */
public final class ByteBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();

    /** @param max the budget in bytes, at least 1 */
    public ByteBudget(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("memory budget must be at least 1 byte, was " + max);
        }
        this.max = max;
    }

    /** The budget in bytes. */
    public long max() {
        return max;
    }

    /** Bytes charged now; may exceed {@link #max()} by what workers forced in. */
    public long used() {
        return used.get();
    }

    /** Producers waiting for room now. */
    public int waiting() {
        return waiting.get();
    }

    /** Whether producers are waiting or less than a tenth of the budget is free: time to free memory early. */
    public boolean underPressure() {
        return waiting.get() > 0 || used.get() > max - max / 10;
    }

    /**
     * Charges {@code bytes} if they fit now. A request larger than the whole budget fits only into an empty one, so
     * that it is served at all.
     */
    public boolean tryAcquire(long bytes) {
        while (true) {
            long now = used.get();
            long next = now + bytes;
            if (next > max && now > 0) {
                return false;
            }
            if (used.compareAndSet(now, next)) {
                return true;
            }
        }
    }

    /** Charges {@code bytes}, waiting up to {@code timeoutNanos} for room; {@code false} when none appeared. */
    public boolean acquire(long bytes, long timeoutNanos) throws InterruptedException {
        if (tryAcquire(bytes)) {
            return true;
        }
        if (timeoutNanos <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        waiting.incrementAndGet();
        // even the lock is waited for only until the deadline: maxBlock is a promise to the caller
        if (!lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
            waiting.decrementAndGet();
            return tryAcquire(bytes);
        }
        try {
            while (!tryAcquire(bytes)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                freed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } finally {
            lock.unlock();
            waiting.decrementAndGet();
        }
    }

    /** Charges {@code bytes} without waiting, even past the budget (producers then wait until it is back under). */
    public void force(long bytes) {
        used.addAndGet(bytes);
    }

    /** Frees {@code bytes} charged before, waking producers waiting for room. */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        used.addAndGet(-bytes);
        if (waiting.get() > 0) {
            lock.lock();
            try {
                freed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
