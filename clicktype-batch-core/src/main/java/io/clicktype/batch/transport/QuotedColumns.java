package io.clicktype.batch.transport;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates an insert's column names and renders them backtick-quoted, because client-v2 pastes the
 * names into {@code INSERT INTO t (...)} as they are. A name that is not a plain identifier (a
 * backtick, a space, a dot...) is rejected before anything is sent.
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
     * @throws TransportException (not retryable) naming the table and the bad column
     */
    List<String> quote(TableRef table, List<String> columns) {
        Entry cached = last;
        if (cached != null && cached.sameNames(columns)) {
            return cached.quoted;
        }
        if (columns == null || columns.isEmpty()) {
            throw new TransportException("insert into " + table + " has no columns [not retryable]. To fix: map "
                    + "at least one field of the entity to a column.", false, 0, 0, null);
        }
        List<String> quoted = new ArrayList<>(columns.size());
        for (String column : columns) {
            if (!TableRef.isIdentifier(column)) {
                throw new TransportException("insert into " + table + " names column '" + column
                        + "', which is not a plain identifier [not retryable]. To fix: rename the column to "
                        + "letters, digits and '_' (not starting with a digit) and set @ClickColumn(name = ...) "
                        + "accordingly.", false, 0, 0, null);
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
