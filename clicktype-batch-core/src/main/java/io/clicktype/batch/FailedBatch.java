package io.clicktype.batch;

import java.util.List;

/**
 * A batch that could not be written: its retries ran out, the server rejected it as invalid, or
 * the batcher closed before it could be sent. Carries everything needed to write it later.
 *
 * @param table     target table
 * @param columns   column list of the payload
 * @param payload   the rows in {@code format}; a private copy the handler may keep
 * @param rows      number of rows in the payload
 * @param attempts  insert attempts made (0 when never sent)
 * @param cause     last failure, or a {@link BatcherClosedException} when closing timed out
 * @param deduplicationToken the token the batch was sent with (keep it for a replay), or {@code null}
 * @param columnTypes the live table's type of each column when the batch was encoded (send it again as
 *                  RowBinaryWithNamesAndTypes, so the server checks them), or {@code null} when unknown
 * @param format    the payload's format: {@link BatchFormat#ROW_BINARY} rows or one {@link BatchFormat#NATIVE}
 *                  block; send it again as that format ({@code INSERT ... FORMAT Native})
 */
public record FailedBatch(TableRef table, List<String> columns, byte[] payload, int rows, int attempts,
        Throwable cause, String deduplicationToken, List<String> columnTypes, BatchFormat format) {

    /** A failed batch of RowBinary rows. */
    public FailedBatch(TableRef table, List<String> columns, byte[] payload, int rows, int attempts, Throwable cause,
            String deduplicationToken, List<String> columnTypes) {
        this(table, columns, payload, rows, attempts, cause, deduplicationToken, columnTypes, BatchFormat.ROW_BINARY);
    }

    /** A failed batch whose column types are not known. */
    public FailedBatch(TableRef table, List<String> columns, byte[] payload, int rows, int attempts, Throwable cause,
            String deduplicationToken) {
        this(table, columns, payload, rows, attempts, cause, deduplicationToken, null);
    }
}
