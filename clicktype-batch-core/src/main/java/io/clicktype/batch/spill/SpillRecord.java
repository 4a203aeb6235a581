package io.clicktype.batch.spill;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import java.util.List;

/**
 * The content of one spill file.
 *
 * @param table              target table
 * @param columns            column list of the payload
 * @param rows               rows in the payload
 * @param deduplicationToken token the batch was sent with, or {@code null}
 * @param payload            the rows, in {@code format}
 * @param columnTypes        the live type of each column when the batch was encoded, or {@code null}
 * @param format             the payload's format, as it was sent and is replayed
 */
public record SpillRecord(TableRef table, List<String> columns, int rows, String deduplicationToken, byte[] payload,
        List<String> columnTypes, BatchFormat format) {

    /** A record of RowBinary rows. */
    public SpillRecord(TableRef table, List<String> columns, int rows, String deduplicationToken, byte[] payload,
            List<String> columnTypes) {
        this(table, columns, rows, deduplicationToken, payload, columnTypes, BatchFormat.ROW_BINARY);
    }

    /** A record without column types. */
    public SpillRecord(TableRef table, List<String> columns, int rows, String deduplicationToken, byte[] payload) {
        this(table, columns, rows, deduplicationToken, payload, null);
    }
}
