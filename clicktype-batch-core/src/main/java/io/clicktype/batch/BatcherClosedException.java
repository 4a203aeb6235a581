package io.clicktype.batch;

/** The batcher was closed (or its worker died): it accepts no more rows. */
public class BatcherClosedException extends ClickTypeBatchException {

    /** Creates the exception with a message naming the table. */
    public BatcherClosedException(String message) {
        super(message);
    }
}
