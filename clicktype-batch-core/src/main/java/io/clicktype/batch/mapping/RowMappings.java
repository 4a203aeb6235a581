package io.clicktype.batch.mapping;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import java.util.List;

/**
 * Builds the {@link RowMapping} of a {@code @ClickTable} type, once per type at start.
 */
public final class RowMappings {

    // Implementation: typed-rows helper. Signatures fixed here.

    private RowMappings() {
    }

    /**
     * The table a {@code @ClickTable} type writes to.
     *
     * @throws IllegalArgumentException when the type is not annotated or the name is invalid
     */
    public static TableRef tableOf(Class<?> rowType) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Maps a row type onto the live table's columns (or onto Java defaults and pinned types when
     * {@code liveColumns} is {@code null}, i.e. validation is off), and lists every mismatch.
     */
    public static <T> RowMapping<T> create(Class<T> rowType, List<TableColumn> liveColumns) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
