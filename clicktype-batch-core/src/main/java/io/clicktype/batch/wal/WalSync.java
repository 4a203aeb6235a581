package io.clicktype.batch.wal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that forces a log to disk. A thread that needs position p durable asks for it and waits; the
 * sync thread forces everything appended by the time it starts, so producers that ask while an fsync is running
 * share the next one (group commit). Forcing on request only, it first waits (at most one force's time, 1 ms) until as
 * many threads wait as when the last force ended: without that, producers woken by one force arrive while the next
 * has already started with the others, and 8 single-row producers split into two groups of ~4 rows per fsync. With
 * an interval it also forces on its own every interval. Producers never
 * call {@code force} themselves: an interrupt would close the file's channel. Thread-safe.
 */
final class WalSync implements Runnable {

    /** Forces everything appended so far and returns the position that is now durable. */
    interface Force {
        long force() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WalSync.class);
    /** The longest a force on request waits for the producers of the last one to wait again. */
    private static final long MAX_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Force force;
    /** The log's end: nothing to force while it is durable. */
    private final LongSupplier end;
    private final Runnable housekeeping;
    private final long intervalNanos;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wanted = lock.newCondition();
    private final Condition done = lock.newCondition();
    private final Thread thread;
    private volatile long durable;
    private long requested;
    private long rounds;
    private IOException failure;
    private long failedRound = -1;
    private boolean stopping;
    private boolean nudged;
    private long fsyncs;
    private long fsyncNanos;
    /** Threads waiting in {@link #awaitDurable} right now. */
    private int waiting;
    /** Calls of {@link #awaitDurable} that had to wait, since start; and their count when the last force started. */
    private long arrivals;
    private long arrivalsAtForce;
    /**
     * Forces on request only: how many threads waited when the last force ended, those it covered and those that came
     * during it. They are the producers that keep inserting; the next force waits (at most one force's time) until as
     * many have come since the last one started, so that producers woken by one force share the next instead of
     * splitting into two groups that alternate.
     */
    private int expectedWaiters = 1;
    private long lastForceNanos;

    /**
     * Starts the sync thread.
     *
     * @param end           the log's end: nothing to force while it is durable
     * @param housekeeping  run on the sync thread after each wake-up, e.g. to prepare the next segment
     * @param durable       the position already on disk
     * @param intervalNanos time between forces of its own, or 0 for forces on request only
     */
    WalSync(Force force, LongSupplier end, Runnable housekeeping, long durable, long intervalNanos, String name) {
        this.force = force;
        this.end = end;
        this.housekeeping = housekeeping;
        this.durable = durable;
        this.intervalNanos = intervalNanos;
        this.name = name;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Thread {} died", t.getName(), e));
        thread.start();
    }

    /**
     * Returns once the log is on disk up to {@code position}.
     *
     * @throws IOException when the fsync that should have covered it failed
     */
    void awaitDurable(long position) throws IOException {
        awaitDurable(position, Long.MAX_VALUE);
    }

    /**
     * Waits up to {@code timeoutNanos} for the log to be on disk up to {@code position}; an interrupt does not end
     * the wait early (the caller's record is in the log either way).
     *
     * @return whether it is
     * @throws IOException when the fsync that should have covered it failed
     */
    boolean awaitDurable(long position, long timeoutNanos) throws IOException {
        if (durable >= position) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        boolean interrupted = false;
        lock.lock();
        try {
            long asked = rounds;
            waiting++;
            arrivals++;
            if (requested < position || arrivals - arrivalsAtForce >= expectedWaiters) {
                requested = Math.max(requested, position);
                wanted.signal();
            }
            while (durable < position) {
                if (failedRound > asked) {
                    throw new IOException("fsync failed: " + failure.getMessage(), failure);
                }
                if (!thread.isAlive()) {
                    throw new IOException(stopping ? "the write-ahead log is closed"
                            : "the write-ahead log's sync thread " + name + " died (see its ERROR log)");
                }
                long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    done.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            waiting--;
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    /** Wakes the thread for its housekeeping (and a force if anything is new), without waiting. */
    void nudge() {
        lock.lock();
        try {
            nudged = true;
            wanted.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a last force, then stops the thread and waits for it. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            wanted.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Forces until stopped. Nothing the force or the housekeeping throws ends the thread, an {@code Error} neither
     * (out of memory): a force that fails is reported to the producers that wait for it (their inserts say so) and the
     * next round forces again; with the thread gone, every producer with fsync {@code always} would fail from then on.
     */
    @Override
    public void run() {
        boolean last = false;
        while (!last) {
            try {
                last = round();
            } catch (Throwable e) {
                LOG.error("{} failed unexpectedly; it goes on with the next force", name, e);
            }
        }
        lock.lock();
        try {
            done.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a request (or the interval), forces, runs the housekeeping; returns whether it was the last. */
    private boolean round() {
        boolean last = false;
        lock.lock();
        try {
            long deadline = System.nanoTime() + intervalNanos;
            while (!stopping && !nudged && requested <= durable) {
                if (intervalNanos > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    wanted.awaitNanos(left);
                } else {
                    wanted.awaitUninterruptibly();
                }
            }
            last = stopping;
            nudged = false;
        } catch (InterruptedException e) {
            last = true;
        } finally {
            lock.unlock();
        }
        if (end.getAsLong() > durable) {
            if (intervalNanos == 0 && !last) {
                gather();
            }
            forceOnce();
        }
        if (!last) {
            try {
                housekeeping.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: {}", name, e.toString());
            }
        }
        return last;
    }

    /** Waits, at most one force's time, until as many threads came since the last force started as it ended with. */
    private void gather() {
        lock.lock();
        try {
            long deadline = System.nanoTime() + Math.min(lastForceNanos, MAX_GATHER_NANOS);
            while (!stopping && arrivals - arrivalsAtForce < expectedWaiters) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wanted.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            arrivalsAtForce = arrivals;
            lock.unlock();
        }
    }

    private void forceOnce() {
        long start = System.nanoTime();
        long target = -1;
        IOException error = null;
        try {
            target = force.force();
        } catch (IOException | RuntimeException | Error e) {
            // an Error too: the producers waiting for this force must hear that it failed, not wait forever
            error = e instanceof IOException io ? io : new IOException(e);
            LOG.error("{}: fsync failed: {}; rows appended since the last fsync would not survive a power loss (a "
                    + "process kill loses nothing)", name, e.toString());
        }
        lock.lock();
        try {
            rounds++;
            fsyncs++;
            lastForceNanos = System.nanoTime() - start;
            fsyncNanos += lastForceNanos;
            expectedWaiters = Math.max(1, waiting);
            if (error != null) {
                failure = error;
                failedRound = rounds;
            } else if (target > durable) {
                durable = target;
            }
            done.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
