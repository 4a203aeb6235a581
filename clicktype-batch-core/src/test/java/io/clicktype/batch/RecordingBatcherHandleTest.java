package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory handle for users' unit tests records what a caller inserts and fails as a real handle would. */
class RecordingBatcherHandleTest {

    @ClickTable("events")
    record Event(long id) {
    }

    @Test
    void recordsRowsInOrderAndFlushesWhatCameSinceTheLastFlush() {
        RecordingBatcherHandle<Event> handle = RecordingBatcherHandle.forRowType(Event.class);
        handle.insert(new Event(1));
        handle.insertMany(List.of(new Event(2), new Event(3)));
        assertThat(handle.tryInsert(new Event(4))).isTrue();

        assertThat(handle.rows()).extracting(Event::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(handle.flush().join().rows()).isEqualTo(4);
        assertThat(handle.flush().join().rows()).isZero();
        assertThat(handle.table()).isEqualTo(TableRef.of("events"));
        handle.clear();
        assertThat(handle.rows()).isEmpty();
    }

    @Test
    void failsAsARealHandleWouldUntilToldOtherwise() {
        RecordingBatcherHandle<Event> handle = RecordingBatcherHandle.forRowType(Event.class);
        handle.failWith(new BatchQueueFullException("queue of events full"));
        assertThatThrownBy(() -> handle.insert(new Event(1))).isInstanceOf(BatchQueueFullException.class);
        assertThat(handle.tryInsert(new Event(1))).as("a full queue sheds").isFalse();
        handle.failWith(new RowRejectedException("events", "id", "does not fit"));
        assertThatThrownBy(() -> handle.insertMany(List.of(new Event(2)))).isInstanceOf(RowRejectedException.class);
        handle.failWith(null);
        handle.submit(new Event(3)).toCompletableFuture().join();
        assertThat(handle.rows()).extracting(Event::id).containsExactly(3L);
    }
}
