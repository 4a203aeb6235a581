package io.clicktype.batch.engine;

import java.util.Collection;

/** The rows of one {@code insertMany}: one queue item, {@link #size()} row slots. */
record RowGroup(Object[] rows) {

    static RowGroup of(Collection<?> rows) {
        return new RowGroup(rows.toArray());
    }

    int size() {
        return rows.length;
    }
}
