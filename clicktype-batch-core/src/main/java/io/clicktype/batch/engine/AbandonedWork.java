package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherClosedException;
import java.util.ArrayList;
import java.util.List;

/** Fails the submit() stages a dead worker leaves behind, with a cause naming the worker's death. */
final class AbandonedWork {

    private AbandonedWork() {
    }

    static void abandon(SubmitTicket active, Batch current, RowQueue queue, Throwable death) {
        BatcherClosedException cause = new BatcherClosedException("batcher worker died before these rows were "
                + "written: " + death);
        cause.initCause(death);
        if (active != null) {
            active.abandon(cause);
        }
        if (current != null) {
            for (SubmitTicket ticket : current.tickets) {
                ticket.abandon(cause);
            }
        }
        List<Object> left = new ArrayList<>();
        try {
            while (queue.drainTo(left, 0, Integer.MAX_VALUE) > 0 || !left.isEmpty()) {
                for (Object item : left) {
                    if (item instanceof SubmitTicket ticket) {
                        ticket.abandon(cause);
                    } else if (item instanceof SubmitTicket.Closer closer) {
                        closer.ticket().abandon(cause);
                    } else if (item instanceof ControlMessage control) {
                        control.result().completeExceptionally(cause);
                    }
                }
                left.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
