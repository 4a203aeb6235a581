package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchPoolTest {

    @Test
    void aBufferThatGrewPastTheThresholdShrinksBackAfterItsFlush() throws Exception {
        BatchPool pool = new BatchPool(64, 1024, new ByteBudget(Long.MAX_VALUE));
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
        BatchPool pool = new BatchPool(16, 1024, new ByteBudget(Long.MAX_VALUE));
        pool.take();
        pool.take();
        assertThat(pool.available()).isZero();
    }
}
