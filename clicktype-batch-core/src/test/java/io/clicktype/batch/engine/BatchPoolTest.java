package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchPoolTest {

    @Test
    void aBufferThatGrewPastTheThresholdShrinksBackAfterItsFlush() throws Exception {
        BatchPool pool = new BatchPool(2, 64, 1024, new ByteBudget(Long.MAX_VALUE));
        Batch big = pool.take();
        big.buffer.writeZeros(10_000);
        big.rows = 1;
        Batch small = pool.take();
        small.buffer.writeZeros(500);

        pool.release(big);
        pool.release(small);

        Batch first = pool.take();
        Batch second = pool.take();
        assertThat(first.buffer.capacity()).isEqualTo(64);
        assertThat(first.isEmpty()).isTrue();
        assertThat(second.buffer.capacity()).isGreaterThanOrEqualTo(500).isLessThanOrEqualTo(1024);
        assertThat(second.buffer.size()).isZero();
    }

    @Test
    void onlyTwoBatchesExist() throws Exception {
        BatchPool pool = new BatchPool(2, 16, 1024, new ByteBudget(Long.MAX_VALUE));
        pool.take();
        pool.take();
        assertThat(pool.available()).isZero();
    }

    /**
     * Grown buffers charged to a full budget, with producers waiting for it, would hold it forever while the worker
     * waits for rows that cannot come (fifty tables at full load stalled this way): under pressure a released buffer
     * shrinks, and the worker gives back the idle ones.
     */
    @Test
    void underBudgetPressureReleasedAndIdleBuffersGiveTheirMemoryBack() throws Exception {
        ByteBudget budget = new ByteBudget(1 << 20);
        BatchPool pool = new BatchPool(2, 64, 1 << 20, budget);
        Batch sent = pool.take();
        Batch current = pool.take();
        for (Batch batch : new Batch[] {sent, current}) {
            batch.buffer.writeZeros(200_000);
            batch.rows = 1;
            pool.settle(batch);
        }
        current.reset(1 << 20, 64); // sealed, sent and released earlier, kept while there was room: empty but grown
        pool.settle(current);
        budget.force(budget.max()); // producers now wait for the budget
        assertThat(pool.underPressure()).isTrue();
        long before = budget.used();

        pool.release(sent);
        assertThat(budget.used()).as("the released buffer shrank").isLessThan(before - 150_000);
        assertThat(pool.oversized(current)).isTrue();
        pool.shrinkIdle(current);
        assertThat(pool.oversized(current)).isFalse();
        assertThat(budget.used()).isEqualTo(budget.max() + 2 * 64);
    }
}
