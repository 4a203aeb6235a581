package io.clicktype.batch.engine;

import io.clicktype.batch.FlushStats;
import java.util.concurrent.CompletableFuture;

/**
 * A request that travels through the row queue in order with the rows, so that "everything queued
 * before this call" has an exact meaning. Takes no row slot.
 *
 * @param close  whether the worker stops after this message
 * @param result completed when the batch sealed by this message is acknowledged (or failed)
 */
record ControlMessage(boolean close, CompletableFuture<FlushStats> result) {
}
