package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TestRows.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final List<Batcher<Event>> batchers = new ArrayList<>();

    @AfterEach
    void close() {
        transport.open();
        batchers.forEach(Batcher::close);
    }

    private BatcherHandle<Event> start(MemoryBudget budget, Duration maxBlock) {
        Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING)
                .memoryBudget(budget).failedBatchHandler(batch -> { })
                .config(BatchConfig.builder().maxRows(1_000_000).queueCapacity(1_000_000).maxBlock(maxBlock)
                        .maxWait(Duration.ofMillis(20)).build())
                .build();
        batchers.add(batcher);
        return batcher.start();
    }

    @Test
    void aFullBudgetMakesInsertWaitExactlyMaxBlockThenFailNamingTheBudgetAndTryInsertShed() {
        MemoryBudget budget = MemoryBudget.ofMaxBytes(MemoryBudget.MIN_BYTES);
        transport.hold();
        BatcherHandle<Event> first = start(budget, Duration.ofMillis(300));
        BatcherHandle<Event> second = start(budget, Duration.ofMillis(300));

        long id = 0;
        long tookNanos = 0;
        Throwable refused = null;
        while (refused == null && id < 1_000_000) {
            long started = System.nanoTime();
            try {
                first.insert(Event.of(id++));
            } catch (BatchQueueFullException e) {
                tookNanos = System.nanoTime() - started;
                refused = e;
            }
        }

        assertThat(refused).as("the budget, not the queue (1 000 000 rows), stopped the inserts").isNotNull()
                .hasMessageContaining("memory budget").hasMessageContaining("clicktype.batch.memory.max");
        assertThat(tookNanos).isBetween(TimeUnit.MILLISECONDS.toNanos(290), TimeUnit.MILLISECONDS.toNanos(3_300));
        assertThat(second.tryInsert(Event.of(9_999_999))).as("the other table shares the full budget").isFalse();
        assertThat(batchers.get(1).stats().shedRows()).isEqualTo(1);
        assertThat(budget.usedBytes()).as("bounded by the budget plus the buffers' growth past their rows' estimates")
                .isLessThanOrEqualTo(MemoryBudget.MIN_BYTES + (2L << 20));

        transport.open();
        await().atMost(Duration.ofSeconds(30)).until(() -> batchers.get(0).stats().flushedRows()
                == batchers.get(0).stats().acceptedRows());
        batchers.forEach(Batcher::close);
        assertThat(budget.usedBytes()).as("everything charged is freed when the batchers stop").isZero();
    }

    @Test
    void anIdleBatcherGivesBackItsGrownBuffers() throws Exception {
        MemoryBudget budget = MemoryBudget.ofMaxBytes(64L << 20);
        BatcherHandle<Event> handle = start(budget, Duration.ofSeconds(5));
        for (long id = 0; id < 100_000; id++) {
            handle.insert(Event.of(id));
        }
        handle.flush().get(30, TimeUnit.SECONDS);
        long initial = 2L * BatchConfig.defaults().initialBufferSize();
        assertThat(budget.usedBytes()).as("a grown buffer is kept while batches fill it").isGreaterThan(initial);

        handle.insert(Event.of(9_999_999));
        handle.flush().get(30, TimeUnit.SECONDS);
        handle.flush().get(30, TimeUnit.SECONDS);

        // the sender returns a batch to the pool just after completing its flush future
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(budget.usedBytes())
                .as("two small flushes later both buffers are back to initialBufferSize").isEqualTo(initial));
    }

    @Test
    void theDefaultBudgetIsAQuarterOfTheHeap() {
        assertThat(MemoryBudget.jvmDefault().maxBytes())
                .isEqualTo(Math.max(MemoryBudget.MIN_BYTES, Runtime.getRuntime().maxMemory() / 4));
        assertThatThrownBy(() -> MemoryBudget.ofMaxBytes(1024)).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("memory.max");
    }
}
