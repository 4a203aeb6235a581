package io.clicktype.batch.encoding;

import io.clicktype.batch.RowRejectedException;
import java.util.List;

/**
 * Writes rows of one type in RowBinary, one specialised writer per column, no reflection per row.
 *
 * <p>Built once per row type by the mapping step. {@link #validate} runs on the producer's thread
 * at insert time so that a bad row is refused before it is queued; {@link #encode} runs on the
 * batcher's worker thread. Both are thread-safe and stateless.
 *
 * @param <T> the row type
 */
public interface RowEncoder<T> {

    /** Column names in the order {@link #encode} writes them; the insert's column list. */
    List<String> columnNames();

    /**
     * Checks that every value of the row fits its column, without writing anything.
     *
     * @throws RowRejectedException naming table, column, Java value type and ClickHouse type
     */
    void validate(T row);

    /**
     * Appends the row's RowBinary bytes to {@code out}. On an exception the buffer may hold part
     * of the row; the caller rolls it back to the row's start.
     *
     * @throws RowRejectedException when a value does not fit (the row changed after validation)
     */
    void encode(T row, RowBuffer out);
}
