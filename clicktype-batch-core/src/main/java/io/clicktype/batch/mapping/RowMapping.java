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
 * @param columnTypes the live table's type of each column, in column order, as the encoder's bytes fit them; for a
 *                   column without a live one (no table read, or a column the table lacks), the type it is written as
 *                   (its pin, or its Java type's default); {@code null} when a column refuses every row
 */
public record RowMapping<T>(TableRef table, RowEncoder<T> encoder, List<String> mismatches, List<String> columnTypes) {

    /** A mapping whose column types are not known. */
    public RowMapping(TableRef table, RowEncoder<T> encoder, List<String> mismatches) {
        this(table, encoder, mismatches, null);
    }
}
