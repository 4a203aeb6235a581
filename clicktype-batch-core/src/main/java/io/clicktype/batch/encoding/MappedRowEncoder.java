package io.clicktype.batch.encoding;

import io.clicktype.batch.RowRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link RowEncoder} built by the mapping step: one {@link ColumnEncoder} per column, run in
 * order through a {@link ColumnSequence} specialised for the row type. Stateless and thread-safe.
 *
 * @param <T> the row type
 */
public final class MappedRowEncoder<T> implements RowEncoder<T> {

    private final String table;
    private final List<ColumnEncoder<T>> columns;
    private final ColumnSequence<T> sequence;
    private final List<String> names;

    /** @param table table name for messages; @param columns codecs in insert order */
    public MappedRowEncoder(String table, List<ColumnEncoder<T>> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.sequence = ColumnSequences.of(this.columns);
        List<String> list = new ArrayList<>();
        for (ColumnEncoder<T> column : columns) {
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
        try {
            sequence.validate(row);
        } catch (ColumnRejection e) {
            throw rejected(e);
        }
    }

    @Override
    public void encode(T row, RowBuffer out) {
        if (row == null) {
            throw new RowRejectedException(table, "", "Cannot insert a null row into table `" + table + "`");
        }
        try {
            sequence.encode(row, out);
        } catch (ColumnRejection e) {
            throw rejected(e);
        }
    }

    /**
     * Writes each column's value into its own buffer: column {@code i} into {@code targets[i]} (a Native block's
     * columns). {@code targets} must have {@link #columnSlots()} entries; those past the last column are never
     * written. On an exception the buffers may hold part of the row; the caller rolls them back.
     *
     * @throws RowRejectedException when a value does not fit (the row changed after validation)
     */
    public void encodeColumns(T row, RowBuffer[] targets) {
        if (row == null) {
            throw new RowRejectedException(table, "", "Cannot insert a null row into table `" + table + "`");
        }
        try {
            sequence.encodeColumns(row, targets);
        } catch (ColumnRejection e) {
            throw rejected(e);
        }
    }

    /** The number of buffers {@link #encodeColumns} takes: the columns, padded to the chain's slots. */
    public int columnSlots() {
        return (columns.size() + ColumnChain.SLOTS - 1) / ColumnChain.SLOTS * ColumnChain.SLOTS;
    }

    private RowRejectedException rejected(ColumnRejection rejection) {
        ColumnEncoder<T> column = columns.get(rejection.column());
        ValueRejectedException e = rejection.reason();
        // A null for the column itself: the advice is about the column's whole type (LowCardinality included).
        String reason = e.isNullValue() ? "null is not allowed in " + column.type() + "; "
                + NullableForm.advice(column.type()) : e.getMessage();
        return new RowRejectedException(table, column.column(), "Row rejected by table `" + table + "`: column `"
                + column.column() + "` is " + column.type() + " in ClickHouse, Java `" + column.javaType() + "`: "
                + reason);
    }
}
