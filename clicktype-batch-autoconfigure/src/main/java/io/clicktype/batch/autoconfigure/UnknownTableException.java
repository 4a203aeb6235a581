package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.ClickTypeBatchException;
import java.util.List;

/**
 * A {@code clicktype.batch.tables.<table>} key names no table of the {@code @ClickTable} types found, so its
 * overrides would silently apply to nothing (a typo, or a type outside the scanned packages).
 */
public class UnknownTableException extends ClickTypeBatchException {

    private final String table;
    private final List<String> knownTables;
    private final String closest;

    /**
     * @param table       the key as configured
     * @param knownTables the tables of the {@code @ClickTable} types found, sorted
     */
    public UnknownTableException(String table, List<String> knownTables) {
        super("clicktype.batch.tables." + table + " names no @ClickTable table"
                + (knownTables.isEmpty() ? "; no @ClickTable type was found"
                        : "; the closest is " + ClosestName.closest(table, knownTables) + " (found: "
                                + String.join(", ", knownTables) + "). Either that key or the @ClickTable name is "
                                + "misspelt: make them the same (the @ClickTable must name the table as it is in "
                                + "ClickHouse)"));
        this.table = table;
        this.knownTables = List.copyOf(knownTables);
        this.closest = ClosestName.closest(table, knownTables);
    }

    /** The key as configured under {@code clicktype.batch.tables}. */
    public String table() {
        return table;
    }

    /** The tables of the {@code @ClickTable} types found, sorted. */
    public List<String> knownTables() {
        return knownTables;
    }

    /** The known table closest to {@link #table()}, or {@code null} when none was found. */
    public String closest() {
        return closest;
    }
}
