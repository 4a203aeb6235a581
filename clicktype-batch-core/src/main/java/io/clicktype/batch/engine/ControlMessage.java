package io.clicktype.batch.engine;

import io.clicktype.batch.FlushStats;
import java.util.concurrent.CompletableFuture;

/**
 * A flush or close, in either intake: done once every row accepted before it is in a sealed batch, so that
 * "everything inserted before this call" has an exact meaning. In memory it travels through the row queue in
 * order with the rows (and takes no row slot); with a write-ahead log it waits for the reader to reach
 * {@link #target()}.
 *
 * @param close  whether the worker stops after this message
 * @param result completed when the batch sealed by this message is acknowledged (or failed)
 * @param target the intake position every row before this message ends at or before (the write-ahead log's end
 *               when the message was made); unused by the queue, where order alone says it
 */
record ControlMessage(boolean close, CompletableFuture<FlushStats> result, long target) {

    /** A message whose place in the queue is its target. */
    ControlMessage(boolean close, CompletableFuture<FlushStats> result) {
        this(close, result, -1);
    }
}
