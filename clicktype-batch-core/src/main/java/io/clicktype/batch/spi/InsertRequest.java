package io.clicktype.batch.spi;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import java.util.List;
import java.util.Map;

/**
 * One RowBinary insert: a table, its explicit column list and {@code length} bytes of payload.
 *
 * <p>The payload array is owned by the batcher and reused after {@code insert} returns: a
 * transport must not keep a reference to it.
 *
 * @param table    target table
 * @param columns  column names in the order the payload encodes them
 * @param payload  RowBinary rows, starting at index 0
 * @param length   number of valid bytes in {@code payload}
 * @param rows     number of rows in the payload
 * @param settings per-insert server settings, e.g. {@code insert_deduplication_token}
 * @param namesAndTypes the {@code RowBinaryWithNamesAndTypes} header naming each column's encoded type
 *                 ({@code encoding.NamesAndTypesHeader}), or {@code null}: where the server has that format
 *                 the transport sends it, so the server checks (and converts) every column's type instead of
 *                 reading the bytes as whatever the column is now (a replica that applied an ALTER first)
 * @param deduplicationToken the batch's deduplication token, the same on every retry and replay of it, or
 *                 {@code null}; the transport sends it as ClickHouse's {@code insert_deduplication_token}
 * @param format   the payload's format: {@link BatchFormat#ROW_BINARY} (rows; {@code namesAndTypes} applies) or
 *                 {@link BatchFormat#NATIVE} (one Native block, which names and types its columns itself); never
 *                 {@code AUTO}
 */
public record InsertRequest(TableRef table, List<String> columns, byte[] payload, int length, int rows,
        Map<String, String> settings, byte[] namesAndTypes, String deduplicationToken, BatchFormat format) {

    /** Requires a concrete format. */
    public InsertRequest {
        if (format == null || format == BatchFormat.AUTO) {
            throw new IllegalArgumentException("an insert's format must be NATIVE or ROW_BINARY, was " + format);
        }
    }

    /** A RowBinary insert. */
    public InsertRequest(TableRef table, List<String> columns, byte[] payload, int length, int rows,
            Map<String, String> settings, byte[] namesAndTypes, String deduplicationToken) {
        this(table, columns, payload, length, rows, settings, namesAndTypes, deduplicationToken,
                BatchFormat.ROW_BINARY);
    }

    /** A request without a names-and-types header or a deduplication token: sent as plain RowBinary. */
    public InsertRequest(TableRef table, List<String> columns, byte[] payload, int length, int rows,
            Map<String, String> settings) {
        this(table, columns, payload, length, rows, settings, null, null);
    }

    /** The same insert into {@code otherTable} (e.g. a shard's local table); the payload is shared, not copied. */
    public InsertRequest withTable(TableRef otherTable) {
        return new InsertRequest(otherTable, columns, payload, length, rows, settings, namesAndTypes,
                deduplicationToken, format);
    }

    /** The same insert with {@code otherSettings} instead of {@link #settings()}; the payload is shared, not copied. */
    public InsertRequest withSettings(Map<String, String> otherSettings) {
        return new InsertRequest(table, columns, payload, length, rows, otherSettings, namesAndTypes,
                deduplicationToken, format);
    }
}
