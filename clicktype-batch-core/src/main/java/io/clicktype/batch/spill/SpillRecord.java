package io.clicktype.batch.spill;

import io.clicktype.batch.TableRef;
import java.util.List;

/**
 * The content of one spill file.
 *
 * @param table              target table
 * @param columns            column list of the payload
 * @param rows               rows in the payload
 * @param deduplicationToken token the batch was sent with, or {@code null}
 * @param payload            RowBinary rows
 * @param columnTypes        the live type of each column when the batch was encoded, or {@code null}
 */
public record SpillRecord(TableRef table, List<String> columns, int rows, String deduplicationToken, byte[] payload,
        List<String> columnTypes) {

    /** A record without column types. */
    public SpillRecord(TableRef table, List<String> columns, int rows, String deduplicationToken, byte[] payload) {
        this(table, columns, rows, deduplicationToken, payload, null);
    }
}
