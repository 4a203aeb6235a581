package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener that throws keeps no event from the listeners after it. */
class ListenerFanOutTest {

    private static final TableRef TABLE = TableRef.of("events");

    /** Records every event by name. */
    private static class Recording implements BatcherListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void rowsAccepted(TableRef table, int rows) {
            events.add("accepted");
        }

        @Override
        public void rowsRejected(TableRef table, int rows) {
            events.add("rejected");
        }

        @Override
        public void rowsShed(TableRef table, int rows) {
            events.add("shed");
        }

        @Override
        public void rowsTimedOut(TableRef table, int rows) {
            events.add("timedOut");
        }

        @Override
        public void flushStarted(TableRef table, FlushTrigger trigger, int rows, long bytes, String token) {
            events.add("started");
        }

        @Override
        public void flushSucceeded(TableRef table, FlushStats stats) {
            events.add("flushed");
        }

        @Override
        public void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
                Throwable cause) {
            events.add("flushFailed");
        }

        @Override
        public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
            events.add("retry");
        }

        @Override
        public void rowsLost(TableRef table, int rows, Throwable cause) {
            events.add("lost");
        }
    }

    /** Throws on every event, as a broken user listener might. */
    private static final class Throwing extends Recording {
        @Override
        public void rowsAccepted(TableRef table, int rows) {
            throw new IllegalStateException("boom");
        }

        @Override
        public void flushSucceeded(TableRef table, FlushStats stats) {
            throw new IllegalStateException("boom");
        }

        @Override
        public void rowsLost(TableRef table, int rows, Throwable cause) {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void everyListenerGetsEveryEventEvenWhenOneBeforeItThrows() {
        Recording first = new Recording();
        Recording last = new Recording();
        BatcherListener fanOut = BatcherListener.composite(List.of(first, new Throwing(), last));

        fanOut.rowsAccepted(TABLE, 1);
        fanOut.rowsRejected(TABLE, 1);
        fanOut.rowsShed(TABLE, 1);
        fanOut.rowsTimedOut(TABLE, 1);
        fanOut.flushStarted(TABLE, FlushTrigger.EXPLICIT, 1, 1, "t");
        fanOut.flushSucceeded(TABLE, FlushStats.empty(FlushTrigger.EXPLICIT));
        fanOut.flushFailed(TABLE, FlushTrigger.EXPLICIT, 1, 1, Duration.ZERO, new RuntimeException());
        fanOut.retryScheduled(TABLE, 1, Duration.ZERO, new RuntimeException());
        fanOut.rowsLost(TABLE, 1, new RuntimeException());

        List<String> all = List.of("accepted", "rejected", "shed", "timedOut", "started", "flushed", "flushFailed", "retry", "lost");
        assertThat(first.events).isEqualTo(all);
        assertThat(last.events).isEqualTo(all);
    }

    @Test
    void noneOrOneListenerNeedsNoFanOut() {
        Recording only = new Recording();
        assertThat(BatcherListener.composite(List.of())).isSameAs(BatcherListener.NOOP);
        assertThat(BatcherListener.composite(List.of(only))).isSameAs(only);
    }
}
