package io.clicktype.batch;

import java.util.List;

/**
 * The row type does not match the live table; thrown by {@code Batcher.start()} in
 * {@link ValidationMode#FAIL}. The message lists every mismatch with both types and a fix.
 */
public class SchemaMismatchException extends ClickTypeBatchException {

    private final List<String> mismatches;

    /**
     * @param table      qualified table name
     * @param mismatches one human-readable line per mismatch
     */
    public SchemaMismatchException(String table, List<String> mismatches) {
        super("Row type does not match table " + table + " (" + mismatches.size() + " mismatch"
                + (mismatches.size() == 1 ? "" : "es") + "):\n  - " + String.join("\n  - ", mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    /** One line per mismatch, in column order. */
    public List<String> mismatches() {
        return mismatches;
    }
}
