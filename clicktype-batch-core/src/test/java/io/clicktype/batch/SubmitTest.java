package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.TestRows.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubmitTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final List<FailedBatch> failed = new CopyOnWriteArrayList<>();
    private Batcher<Event> batcher;

    @AfterEach
    void close() {
        transport.open();
        batcher.close();
    }

    private BatcherHandle<Event> start(BatchConfig.Builder config) {
        batcher = Batcher.builder(Event.class).transport(transport).mapping(TestRows.MAPPING)
                .config(config.retryBaseDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(10)).build())
                .failedBatchHandler(failed::add).build();
        return batcher.start();
    }

    @Test
    void aSubmittedRowsStageCompletesOnlyOnceClickHouseAcknowledgedItsBatch() throws Exception {
        transport.hold();
        BatcherHandle<Event> handle = start(BatchConfig.builder().maxRows(3).maxWait(Duration.ofMillis(50)));
        List<CompletableFuture<FlushStats>> stages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stages.add(handle.submit(Event.of(i)).toCompletableFuture());
        }
        await().during(Duration.ofMillis(200)).until(() -> stages.stream().noneMatch(CompletableFuture::isDone));

        transport.open();

        for (CompletableFuture<FlushStats> stage : stages) {
            assertThat(stage.get(10, TimeUnit.SECONDS).rows()).isPositive();
        }
        assertThat(transport.allIds()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aSubmittedRowsStageFailsWithTheCauseWhenItsBatchCannotBeWritten() {
        transport.failNext(1, false);
        BatcherHandle<Event> handle = start(BatchConfig.builder().maxWait(Duration.ofMillis(20)));

        CompletionStage<FlushStats> stage = handle.submit(Event.of(1));

        assertThat(stage.toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(TransportException.class);
        assertThat(failed).hasSize(1);
    }

    @Test
    void aFailedWorkerFailsTheStagesOfTheRowsItHandsOverOrLoses() {
        transport.hold();
        BatcherHandle<Event> handle = start(BatchConfig.builder().maxWait(Duration.ofHours(1)));
        CompletionStage<FlushStats> stage = handle.submit(Event.of(1));
        CompletionStage<FlushStats> lost = handle.submit(new Event(TestRows.EXPLODE, "boom"));

        for (CompletionStage<FlushStats> each : List.of(stage, lost)) {
            assertThat(each.toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(ClickTypeBatchException.class)
                    .withMessageContaining("failed while these rows were in its batch");
        }
    }

    @Test
    void concurrentSubmittersShareStagesAndEveryStageCompletes() throws Exception {
        BatcherHandle<Event> handle = start(BatchConfig.builder().maxRows(1_000).maxWait(Duration.ofMillis(20)));
        Set<CompletionStage<FlushStats>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompletionStage<FlushStats>> all = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long base = t * 1_000_000L;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    all.add(handle.submit(Event.of(base + i)));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        distinct.addAll(all);
        for (CompletionStage<FlushStats> stage : distinct) {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        assertThat(transport.allIds()).hasSize(80_000);
        assertThat(distinct.size()).isLessThan(all.size() / 10);
    }
}
