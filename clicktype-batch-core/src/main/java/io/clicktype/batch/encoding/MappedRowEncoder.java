package io.clicktype.batch.encoding;

import io.clicktype.batch.RowRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link RowEncoder} built by the mapping step: one {@link ColumnCodec} per column, run in
 * order. Stateless and thread-safe.
 *
 * @param <T> the row type
 */
public final class MappedRowEncoder<T> implements RowEncoder<T> {

    private final String table;
    private final ColumnCodec<T>[] columns;
    private final List<String> names;

    /** @param table table name for messages; @param columns codecs in insert order */
    @SuppressWarnings("unchecked")
    public MappedRowEncoder(String table, List<ColumnCodec<T>> columns) {
        this.table = table;
        this.columns = columns.toArray(new ColumnCodec[0]);
        List<String> list = new ArrayList<>();
        for (ColumnCodec<T> column : columns) {
            list.add(column.column());
        }
        this.names = List.copyOf(list);
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    @Override
    public void validate(T row) {
        if (row == null) {
            throw new RowRejectedException(table, "", "Cannot insert a null row into table `" + table + "`");
        }
        ColumnCodec<T> current = null;
        try {
            for (ColumnCodec<T> column : columns) {
                current = column;
                column.validate(row);
            }
        } catch (ValueRejectedException e) {
            throw rejected(current, e);
        }
    }

    @Override
    public void encode(T row, RowBuffer out) {
        if (row == null) {
            throw new RowRejectedException(table, "", "Cannot insert a null row into table `" + table + "`");
        }
        ColumnCodec<T>[] cols = columns;
        int i = 0;
        try {
            for (; i < cols.length; i++) {
                cols[i].encode(row, out);
            }
        } catch (ValueRejectedException e) {
            throw rejected(cols[i], e);
        }
    }

    private RowRejectedException rejected(ColumnCodec<T> column, ValueRejectedException e) {
        return new RowRejectedException(table, column.column(), "Row rejected by table `" + table + "`: column `"
                + column.column() + "` is " + column.type() + " in ClickHouse, Java `" + column.javaType() + "`: "
                + e.getMessage());
    }
}
