package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AcknowledgementsTest {

    private final Acknowledgements acks = new Acknowledgements();
    private final IllegalStateException refused = new IllegalStateException("refused");

    private static FlushStats stats(int rows) {
        return new FlushStats(rows, rows * 10L, Duration.ZERO, Duration.ZERO, FlushTrigger.MAX_ROWS, 1);
    }

    private static CompletableFuture<FlushStats> f(CompletionStage<FlushStats> stage) {
        return stage.toCompletableFuture();
    }

    @Test
    void submitsBetweenTwoReadsShareOneStageAndAReadStartsANewOne() {
        CompletionStage<FlushStats> first = acks.add(1);
        assertThat((Object) acks.add(2)).isSameAs(first);
        acks.closeOpen();
        assertThat((Object) acks.add(3)).isNotSameAs(first);
        assertThat(acks.waitingStages()).isEqualTo(2);
    }

    @Test
    void aStageCompletesOnlyWhenTheBatchHoldingItsLastRowIsAcknowledged() {
        CompletionStage<FlushStats> stage = acks.add(2);
        acks.add(5);
        acks.acknowledged(0, 3, stats(3));
        assertThat(f(stage)).isNotDone();
        acks.acknowledged(3, 6, stats(3));
        assertThat(f(stage)).isCompletedWithValue(stats(3));
        assertThat(acks.waitingStages()).isZero();
    }

    @Test
    void aFailedBatchFailsTheStagesItOverlapsEvenWhenALaterBatchLands() {
        CompletionStage<FlushStats> spanning = acks.add(2);
        acks.add(5);
        acks.closeOpen();
        CompletionStage<FlushStats> later = acks.add(8);
        acks.failed(0, 3, refused);
        assertThat(f(spanning)).as("waits for its other batch").isNotDone();
        acks.acknowledged(3, 9, stats(6));
        assertThat(f(spanning)).isCompletedExceptionally();
        assertThat(f(spanning).handle((s, e) -> e.getCause() == null ? e : e.getCause()).join()).isSameAs(refused);
        assertThat(f(later)).isCompletedWithValue(stats(6));
    }

    @Test
    void aStageAddedAfterItsBatchWasResolvedGetsThatOutcome() {
        acks.failed(0, 3, refused);
        acks.acknowledged(3, 6, stats(3));
        assertThat(f(acks.add(2))).isCompletedExceptionally();
        assertThat(f(acks.add(5))).isCompletedWithValue(stats(3));
        assertThat(acks.waitingStages()).isZero();
    }

    @Test
    void anEmptyBatchAcknowledgesThePositionsOfRowsDroppedFromIt() {
        CompletionStage<FlushStats> stage = acks.add(4);
        FlushStats empty = FlushStats.empty(FlushTrigger.EXPLICIT);
        acks.acknowledged(3, 4, empty);
        assertThat(f(stage)).isCompletedWithValue(empty);
    }

    @Test
    void failAllFailsEveryWaitingStage() {
        CompletionStage<FlushStats> a = acks.add(1);
        acks.closeOpen();
        CompletionStage<FlushStats> b = acks.add(2);
        acks.failAll(refused);
        assertThat(f(a)).isCompletedExceptionally();
        assertThat(f(b)).isCompletedExceptionally();
        assertThat(acks.waitingStages()).isZero();
    }
}
