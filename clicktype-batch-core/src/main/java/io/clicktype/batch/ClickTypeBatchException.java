package io.clicktype.batch;

/** Base of every exception this library throws; unchecked. */
public class ClickTypeBatchException extends RuntimeException {

    /** Creates an exception with a message that says what happened and what to do. */
    public ClickTypeBatchException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public ClickTypeBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
