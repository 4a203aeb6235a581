package io.clicktype.batch;

/**
 * A request to ClickHouse failed. {@link #retryable()} says whether sending the same request
 * again can succeed (server down, timeout, overload) or cannot (unknown table or column, type
 * error, bad data), so the batcher skips retries that cannot help.
 */
public class TransportException extends ClickTypeBatchException {

    private final boolean retryable;
    private final int serverErrorCode;
    private final int httpStatus;

    /**
     * @param message         what failed, including the server's own text when there is one
     * @param retryable       whether the same request may succeed later
     * @param serverErrorCode ClickHouse error code, or 0 when unknown
     * @param httpStatus      HTTP status, or 0 when no response was received
     * @param cause           underlying exception, may be {@code null}
     */
    public TransportException(String message, boolean retryable, int serverErrorCode, int httpStatus,
            Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.serverErrorCode = serverErrorCode;
        this.httpStatus = httpStatus;
    }

    /**
     * A failure found before any request reached the server (a configuration or a request that cannot be sent as it
     * is): not retryable, no server error code, no HTTP status.
     *
     * @param message what is wrong and the fix
     */
    public static TransportException notRetryable(String message) {
        return new TransportException(message, false, 0, 0, null);
    }

    /** Whether the same request may succeed if sent again later. */
    public boolean retryable() {
        return retryable;
    }

    /** ClickHouse error code (e.g. 60 for an unknown table), or 0 when unknown. */
    public int serverErrorCode() {
        return serverErrorCode;
    }

    /** HTTP status of the failed response, or 0 when no response was received. */
    public int httpStatus() {
        return httpStatus;
    }
}
