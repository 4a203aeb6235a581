package io.clicktype.batch.wal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes log positions durable with as few fsyncs as possible: a thread that needs position p forced either finds
 * it durable already, or waits for the fsync in progress, or runs the next one itself, which covers everything
 * appended until it starts. Concurrent producers therefore share one {@code FileChannel.force} (group commit).
 * Thread-safe.
 */
final class GroupCommit {

    /** Forces everything appended so far and returns the position that is now durable. */
    interface Force {
        long force() throws IOException;
    }

    private final Force force;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    private volatile long durable;
    private boolean syncing;
    private long fsyncs;
    private long fsyncNanos;

    GroupCommit(Force force, long durable) {
        this.force = force;
        this.durable = durable;
    }

    /**
     * Returns once every record up to {@code position} is on disk.
     *
     * @throws IOException when the fsync failed: the caller cannot know whether its record is durable
     */
    void awaitDurable(long position) throws IOException {
        if (durable >= position) {
            return;
        }
        lock.lock();
        try {
            while (durable < position) {
                if (syncing) {
                    done.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long start = System.nanoTime();
                long target = -1;
                lock.unlock();
                try {
                    target = force.force();
                } finally {
                    lock.lock();
                    syncing = false;
                    fsyncs++;
                    fsyncNanos += System.nanoTime() - start;
                    if (target > durable) {
                        durable = target;
                    }
                    done.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The highest position known to be on disk. */
    long durable() {
        return durable;
    }

    /** Fsyncs run so far. */
    long fsyncs() {
        lock.lock();
        try {
            return fsyncs;
        } finally {
            lock.unlock();
        }
    }

    /** Total time spent in fsync, in nanoseconds. */
    long fsyncNanos() {
        lock.lock();
        try {
            return fsyncNanos;
        } finally {
            lock.unlock();
        }
    }
}
