package io.clicktype.batch;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table name, optionally qualified by its database, validated once as ClickHouse identifiers.
 *
 * <p>Names are restricted to {@code [A-Za-z_][A-Za-z0-9_]*} (and {@code .}-free) so that they can
 * be quoted safely in any statement; {@link #quoted()} renders {@code `db`.`table`}.
 *
 * @param database database name, or {@code null} for the connection's default database
 * @param table    table name
 */
public record TableRef(String database, String table) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Validates both names. */
    public TableRef {
        if (database != null && database.isEmpty()) {
            database = null;
        }
        requireIdentifier("database", database, true);
        requireIdentifier("table", table, false);
    }

    /** A table in the connection's default database. */
    public static TableRef of(String table) {
        return new TableRef(null, table);
    }

    /** {@code `db`.`table`} or {@code `table`}, safe to embed in a statement. */
    public String quoted() {
        return database == null ? quote(table) : quote(database) + "." + quote(table);
    }

    /** {@code db.table} or {@code table}, for messages, metric tags and thread names. */
    @Override
    public String toString() {
        return database == null ? table : database + "." + table;
    }

    /** Backtick-quotes an identifier already known to be valid. */
    public static String quote(String identifier) {
        return "`" + identifier + "`";
    }

    /** Whether a name is a plain ClickHouse identifier that this library accepts. */
    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    private static void requireIdentifier(String what, String value, boolean nullable) {
        if (value == null && nullable) {
            return;
        }
        Objects.requireNonNull(value, what);
        if (!isIdentifier(value)) {
            throw new IllegalArgumentException(what + " name '" + value
                    + "' is not a valid identifier: use letters, digits and '_', not starting with a digit");
        }
    }
}
