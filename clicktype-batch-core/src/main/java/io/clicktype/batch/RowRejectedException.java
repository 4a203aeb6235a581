package io.clicktype.batch;

/**
 * A row cannot be written to its table: a value does not fit the column's ClickHouse type.
 *
 * <p>Thrown at insert time, on the caller's thread, before the row enters a batch: a bad row
 * never poisons a batch. The message names the table, the column, the Java value's type and the
 * ClickHouse type.
 */
public class RowRejectedException extends ClickTypeBatchException {

    private final String table;
    private final String column;

    /**
     * @param table   table the row was meant for
     * @param column  column whose value was rejected
     * @param message full explanation, naming the Java value type and the ClickHouse type
     */
    public RowRejectedException(String table, String column, String message) {
        super(message);
        this.table = table;
        this.column = column;
    }

    /** Table the row was meant for. */
    public String table() {
        return table;
    }

    /** Column whose value was rejected. */
    public String column() {
        return column;
    }
}
