package io.clicktype.batch;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table name, optionally qualified by its database. Any name ClickHouse accepts is allowed — dots,
 * hyphens, spaces, colons, quotes, backticks, backslashes, non-ASCII letters — because every statement
 * the library sends quotes it with {@link #quote(String)}; only an empty name is refused.
 *
 * @param database database name, or {@code null} (or empty) for the connection's default database
 * @param table    table name
 */
public record TableRef(String database, String table) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Checks both names.
     *
     * @throws NullPointerException     when {@code table} is null
     * @throws IllegalArgumentException when {@code table} is empty
     */
    public TableRef {
        if (database != null && database.isEmpty()) {
            database = null;
        }
        Objects.requireNonNull(table, "table");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table name is empty; name the table in @ClickTable(\"...\")");
        }
    }

    /** A table in the connection's default database. */
    public static TableRef of(String table) {
        return new TableRef(null, table);
    }

    /** {@code `db`.`table`} or {@code `table`}, each name quoted by {@link #quote(String)}; safe in any statement. */
    public String quoted() {
        return database == null ? quote(table) : quote(database) + "." + quote(table);
    }

    /**
     * {@code db.table} or {@code table} as written, for messages, metric tags and thread names; not
     * unambiguous when a name contains a dot, so never parsed back.
     */
    @Override
    public String toString() {
        return database == null ? table : database + "." + table;
    }

    /**
     * Any identifier (database, table or column name) backtick-quoted with ClickHouse's escaping: a
     * backslash and a backtick inside get a backslash before them; everything else, including dots,
     * spaces, quotes, control and non-ASCII characters, stands as it is. The server reads quoted
     * identifiers with the escapes of string literals (ClickHouse docs, "Syntax", section Identifiers:
     * https://clickhouse.com/docs/sql-reference/syntax#identifiers); 18.16 and current releases read
     * every such name back unchanged (measured in {@code QuotedNamesIT}).
     *
     * @throws NullPointerException     when {@code identifier} is null
     * @throws IllegalArgumentException when it is empty (ClickHouse has no empty identifier)
     */
    public static String quote(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty()) {
            throw new IllegalArgumentException("an identifier cannot be empty");
        }
        StringBuilder out = new StringBuilder(identifier.length() + 2).append('`');
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (c == '\\' || c == '`') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('`').toString();
    }

    /**
     * Whether a name is a plain identifier ({@code [A-Za-z_][A-Za-z0-9_]*}), which needs no quoting;
     * used for setting names, which are always plain.
     */
    public static boolean isPlainIdentifier(String name) {
        return name != null && PLAIN.matcher(name).matches();
    }

    /**
     * The table a {@code @ClickTable} type writes to: its {@code database} and table name.
     *
     * @throws IllegalArgumentException when the type has no {@code @ClickTable}, or its name is invalid
     */
    public static TableRef forRowType(Class<?> rowType) {
        ClickTable annotation = rowType.getAnnotation(ClickTable.class);
        if (annotation == null) {
            throw new IllegalArgumentException(rowType.getName() + " is not annotated @ClickTable(\"table_name\")");
        }
        return new TableRef(annotation.database(), annotation.value());
    }
}
