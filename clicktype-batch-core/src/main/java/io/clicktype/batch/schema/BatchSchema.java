package io.clicktype.batch.schema;

import java.util.List;

/**
 * The columns a batch's bytes were encoded for, and the ClickHouse type of each as the bytes hold it: what the
 * batch is checked against before it is sent (the table may have changed since it was encoded). Independent of
 * the wire format: the same for RowBinary and any other encoder. Immutable.
 *
 * @param columns column names, in the order the payload holds them
 * @param types   the ClickHouse type each column was encoded as, same order (the text {@code system.columns} prints)
 */
public record BatchSchema(List<String> columns, List<String> types) {

    /** Copies the lists and checks they pair up. @throws IllegalArgumentException when their sizes differ */
    public BatchSchema {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        if (columns.size() != types.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + types.size() + " types");
        }
    }

    /** The schema, or {@code null} when the types are not known (no table was read when the batch was encoded). */
    public static BatchSchema ofNullable(List<String> columns, List<String> types) {
        return columns == null || types == null ? null : new BatchSchema(columns, types);
    }
}
