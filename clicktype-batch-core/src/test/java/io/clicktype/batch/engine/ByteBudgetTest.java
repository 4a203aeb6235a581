package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {

    @Test
    void chargesUpToTheBudgetAndARequestLargerThanAllOfItOnlyIntoAnEmptyOne() {
        ByteBudget budget = new ByteBudget(100);
        assertThat(budget.tryAcquire(60)).isTrue();
        assertThat(budget.tryAcquire(50)).isFalse();
        assertThat(budget.tryAcquire(40)).isTrue();
        budget.release(100);
        assertThat(budget.tryAcquire(500)).as("served alone rather than never").isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
    }

    @Test
    void aWaitingProducerIsWokenByARelease() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        budget.force(100);
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean got = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            waiting.countDown();
            try {
                got.set(budget.acquire(10, TimeUnit.SECONDS.toNanos(30)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        waiting.await();
        budget.release(20);
        producer.join(30_000);
        assertThat(got).isTrue();
        assertThat(budget.used()).isEqualTo(90);
    }

    @Test
    void anAcquireGivesUpAfterItsTimeoutAndForceGoesPastTheBudget() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        budget.force(150);
        assertThat(budget.used()).isEqualTo(150);
        long started = System.nanoTime();
        assertThat(budget.acquire(1, TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(budget.underPressure()).isTrue();
    }
}
