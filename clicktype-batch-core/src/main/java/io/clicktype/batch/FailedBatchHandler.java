package io.clicktype.batch;

/**
 * Receives every batch that could not be written, so that nothing accepted is lost silently.
 *
 * <p>Called on the batcher's sender thread; an implementation should be quick (e.g. write the
 * payload to disk). An exception it throws is logged and counted as lost rows.
 */
@FunctionalInterface
public interface FailedBatchHandler {

    /** Takes ownership of a batch that could not be written. */
    void onFailedBatch(FailedBatch batch);
}
