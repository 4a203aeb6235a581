package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RowQueueTest {

    @Test
    void capacityCountsRowsSoAGroupTakesOneSlotPerRow() {
        RowQueue queue = new RowQueue(5);
        assertThat(queue.tryOffer(RowGroup.of(List.of(1, 2, 3, 4)), 4)).as("accepted, ending at position 4").isEqualTo(4);
        assertThat(queue.tryOffer(RowGroup.of(List.of(5, 6)), 2)).isEqualTo(Intake.FULL);
        assertThat(queue.tryOffer("row", 1)).as("accepted, at position 5").isEqualTo(5);
        assertThat(queue.rows()).isEqualTo(5);
    }

    @Test
    void controlMessagesNeedNoRoomAndCloseComesLast() throws Exception {
        RowQueue queue = new RowQueue(1);
        queue.tryOffer("a", 1);
        ControlMessage flush = new ControlMessage(false, new CompletableFuture<>());
        ControlMessage close = new ControlMessage(true, new CompletableFuture<>());
        assertThat(queue.offerControl(flush)).as("accepted, after the row at position 1").isEqualTo(1);
        assertThat(queue.closeWith(close)).as("accepted").isEqualTo(1);
        assertThat(queue.tryOffer("b", 0)).isEqualTo(Intake.CLOSED);
        assertThat(queue.closeWith(close)).isEqualTo(Intake.CLOSED);

        List<Object> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained, 0, 100)).isEqualTo(1);
        assertThat(drained).containsExactly("a", flush, close);
        assertThat(queue.rows()).isZero();
    }

    @Test
    void drainTakesAtMostTheLimitAndLeavesTheRestCounted() throws Exception {
        RowQueue queue = new RowQueue(10);
        for (int i = 0; i < 6; i++) {
            queue.tryOffer(i, 1);
        }
        List<Object> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained, 0, 4)).isEqualTo(4);
        assertThat(queue.rows()).isEqualTo(2);
        assertThat(queue.drainTo(drained, 0, 4)).isEqualTo(2);
        assertThat(drained).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void anEmptyDrainReturnsAfterItsTimeout() throws Exception {
        RowQueue queue = new RowQueue(10);
        assertThat(queue.drainTo(new ArrayList<>(), 1_000_000, 10)).isZero();
    }
}
