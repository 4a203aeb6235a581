package io.clicktype.batch;

/**
 * {@link BatcherHandle#insert} waited {@code maxBlock} for room in the queue and found none:
 * ClickHouse is not keeping up (or is down) and the queue is at {@code queueCapacity}. The row
 * was not accepted; retry later, shed it, or raise {@code queueCapacity} / {@code maxBlock}.
 */
public class BatchQueueFullException extends ClickTypeBatchException {

    /** Creates the exception with a message naming the table and the limits reached. */
    public BatchQueueFullException(String message) {
        super(message);
    }
}
