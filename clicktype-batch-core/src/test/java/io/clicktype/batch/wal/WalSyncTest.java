package io.clicktype.batch.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Group commit of {@link WalSync} with forces on request only ({@code fsync: always}). */
class WalSyncTest {

    /**
     * Eight producers that each append one record and wait for it share one force: without waiting for the producers
     * the last force woke, they split into two groups of about four that alternate (measured: 4.6-4.9 rows per fsync
     * end to end, docs/benchmarks.md §9). A force here takes 2 ms, like a slow disk, so that woken producers have
     * time to append again even on a loaded machine.
     */
    @Test
    void producersWokenByOneForceShareTheNext() throws Exception {
        AtomicLong end = new AtomicLong();
        WalSync sync = new WalSync(() -> {
            long target = end.get();
            LockSupport.parkNanos(2_000_000);
            return target;
        }, end::get, () -> { }, 0, 0, "wal-sync-test");
        int producers = 8;
        int rowsEach = 100;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < rowsEach; i++) {
                        sync.awaitDurable(end.incrementAndGet());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        sync.stop();
        double rowsPerForce = (double) producers * rowsEach / sync.fsyncs();
        assertThat(rowsPerForce).isGreaterThanOrEqualTo(6.0);
    }

    /**
     * An {@code Error} in a force (out of memory) fails the producers waiting for it and does not end the thread: the
     * next force covers them; with the thread gone, every later insert with fsync {@code always} would fail.
     */
    @Test
    void anErrorInAForceFailsItsWaitersAndTheThreadForcesAgain() throws Exception {
        AtomicLong end = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean(true);
        // the thread forces again at once (the request is still open); held until the failed waiter has answered,
        // or that next force could make the row durable before the waiter runs, and it would rightly return
        java.util.concurrent.CountDownLatch failureSeen = new java.util.concurrent.CountDownLatch(1);
        WalSync sync = new WalSync(() -> {
            if (fail.getAndSet(false)) {
                throw new OutOfMemoryError("simulated: Java heap space");
            }
            try {
                failureSeen.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return end.get();
        }, end::get, () -> {
            throw new StackOverflowError("simulated housekeeping failure");
        }, 0, 0, "wal-sync-error-test");
        try {
            assertThatThrownBy(() -> sync.awaitDurable(end.incrementAndGet()))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("Java heap space");
            failureSeen.countDown();
            sync.awaitDurable(end.incrementAndGet());
            assertThat(sync.durable()).isEqualTo(2);
        } finally {
            sync.stop();
        }
    }
}
