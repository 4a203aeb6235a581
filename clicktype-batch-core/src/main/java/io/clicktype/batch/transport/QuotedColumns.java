package io.clicktype.batch.transport;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an insert's column names backtick-quoted and escaped ({@link TableRef#quote(String)}),
 * because client-v2 pastes the names into {@code INSERT INTO t (...)} as they are. Every name
 * ClickHouse accepts goes through — {@code tags.name} of a Nested column, {@code event-type},
 * {@code user id}, a backtick or backslash inside; only a null or empty name (which no mapping
 * produces) is refused, before anything is sent.
 *
 * <p>A batcher sends the same column names with every insert, so the last validated list is
 * remembered and its quoted form reused when the names are the very same {@code String} objects: the
 * check then costs one reference comparison per column. Thread-safe: the cache is one immutable pair
 * behind a volatile reference.
 */
final class QuotedColumns {

    private volatile Entry last;

    /**
     * The quoted names, in order.
     *
     * @throws TransportException (not retryable) naming the table, for an empty list or an empty name
     */
    List<String> quote(TableRef table, List<String> columns) {
        Entry cached = last;
        if (cached != null && cached.sameNames(columns)) {
            return cached.quoted;
        }
        if (columns == null || columns.isEmpty()) {
            throw TransportException.notRetryable("insert into " + table + " has no columns [not retryable]. "
                    + "To fix: map "
                    + "at least one field of the entity to a column.");
        }
        List<String> quoted = new ArrayList<>(columns.size());
        for (String column : columns) {
            if (column == null || column.isEmpty()) {
                throw TransportException.notRetryable("insert into " + table + " names an empty column (" + columns
                        + ") [not retryable]. To fix: give every column a name (@ClickColumn(name = ...)).");
            }
            quoted.add(TableRef.quote(column));
        }
        List<String> result = List.copyOf(quoted);
        last = new Entry(List.copyOf(columns), result);
        return result;
    }

    private record Entry(List<String> names, List<String> quoted) {

        /** Same size and the same String instances: immutable strings, so the same validated names. */
        boolean sameNames(List<String> columns) {
            if (columns == null || columns.size() != names.size()) {
                return false;
            }
            for (int i = 0; i < names.size(); i++) {
                if (columns.get(i) != names.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
