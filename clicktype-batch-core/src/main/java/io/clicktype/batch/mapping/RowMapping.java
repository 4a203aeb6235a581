package io.clicktype.batch.mapping;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowEncoder;
import java.util.List;

/**
 * Everything the batcher needs to know about one row type: its table, its encoder, and the
 * schema-check result against the live table.
 *
 * @param <T>        the row type
 * @param table      target table
 * @param encoder    encoder writing the mapped columns in {@link RowEncoder#columnNames()} order
 * @param mismatches human-readable schema mismatches found against the live table (empty when the
 *                   table was not consulted or everything matched)
 */
public record RowMapping<T>(TableRef table, RowEncoder<T> encoder, List<String> mismatches) {
}
