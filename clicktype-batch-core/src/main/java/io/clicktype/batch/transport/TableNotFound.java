package io.clicktype.batch.transport;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.naming.ClosestName;
import java.util.ArrayList;
import java.util.List;

/**
 * The error for a table {@code system.columns} knows nothing of, with what the server does have: when the database
 * exists, its tables and the one probably meant ("did you mean `events_local`?"), and the other databases that hold a
 * table of that name (the usual cause when the connection names another database than the one the table was created
 * in); when the database does not, the databases and the one probably meant. The names come from
 * {@code system.tables} and {@code system.databases} (18.16 and current servers alike); if the user may not read
 * them, the message goes without.
 */
final class TableNotFound {

    /** At most this many names are listed in a message. */
    static final int LISTED = 20;

    private final TextQuery query;
    private final TextQuery serverWide;

    /** @param serverWide runs a statement in the {@code system} database, whichever database the connection names */
    TableNotFound(TextQuery query, TextQuery serverWide) {
        this.query = query;
        this.serverWide = serverWide;
    }

    /**
     * @param database the table's database as the user named it (the {@code @ClickTable}'s, else the connection's),
     *                 or {@code null} for the server's default
     */
    TransportException of(TableRef table, String database) {
        String operation = "list the tables near " + table;
        List<String> tables = names(query, "SELECT name FROM system.tables WHERE database = "
                + (database == null ? "currentDatabase()" : TabSeparated.literal(database))
                + " ORDER BY name FORMAT TabSeparated", operation, table.toString());
        String shownDatabase = database == null ? "the user's default database" : database;
        if (tables != null && tables.isEmpty() && database != null) {
            List<String> databases = names(query, DATABASES, operation, table.toString());
            if (databases != null && !databases.contains(database)) {
                return missingDatabase("database " + database + " of table " + table.table(), database, databases,
                        "@ClickTable(database = ...) or in the connection settings", null);
            }
        }
        String meant = tables == null ? null : ClosestName.likelyMeant(table.table(), tables);
        List<String> elsewhere = names(query, "SELECT database FROM system.tables WHERE name = "
                + TabSeparated.literal(table.table()) + " AND database != "
                + (database == null ? "currentDatabase()" : TabSeparated.literal(database))
                + " ORDER BY database FORMAT TabSeparated", operation, table.toString());
        String rename = "fix the name in @ClickTable";
        String create = "create table " + (database == null ? "" : database + ".") + table.table()
                + " with the columns of its @ClickTable record";
        return new TransportException("table " + table.table() + " does not exist in database " + shownDatabase
                + " (system.columns lists no column for it; " + listed("tables", tables, shownDatabase)
                + otherDatabases(table, elsewhere) + ") [not retryable]. To fix: "
                + inOtherDatabase(table, elsewhere)
                + (meant == null ? create + " or " + rename : rename + " (did you mean `" + meant + "`?) or " + create)
                + "; if it exists, grant the connection's user access to it.",
                false, ServerErrorCode.UNKNOWN_TABLE.code(), 200, null);
    }

    /** "; a table named t exists in database a, b" when it does, else nothing. */
    private static String otherDatabases(TableRef table, List<String> databases) {
        if (databases == null || databases.isEmpty()) {
            return "";
        }
        return "; a table named " + table.table() + " exists in database " + String.join(", ", databases.subList(0,
                Math.min(LISTED, databases.size()))) + (databases.size() > LISTED ? " and " + (databases.size()
                - LISTED) + " more" : "");
    }

    /**
     * The fix when the table exists in another database: name that database, in the annotation (the attribute
     * {@link io.clicktype.batch.ClickTable#database()}) or in the connection; nothing when there is none.
     */
    private static String inOtherDatabase(TableRef table, List<String> databases) {
        if (databases == null || databases.isEmpty()) {
            return "";
        }
        String database = databases.get(0);
        return "if you meant the table in database " + database + ", name it in @ClickTable(value = \""
                + table.table() + "\", database = \"" + database + "\") or make " + database
                + " the connection's database; otherwise ";
    }

    /**
     * The connection's database does not exist (every request naming it failed with {@code failure}): the databases
     * there are, and the one probably meant.
     */
    TransportException connectionDatabase(String database, TransportException failure) {
        List<String> databases = names(serverWide, DATABASES, "list the databases", "server");
        return missingDatabase("database " + database + " of the connection", database, databases,
                "the connection settings (the url's path, or its database setting)", failure);
    }

    private static TransportException missingDatabase(String what, String database, List<String> databases,
            String where, TransportException failure) {
        String meant = databases == null ? null : ClosestName.likelyMeant(database, databases);
        return new TransportException(what + " does not exist (" + listed("databases", databases, null)
                + ") [not retryable]. To fix: " + (meant == null ? "" : "did you mean `" + meant + "`? ")
                + "Fix the database in " + where + ", or create it (CREATE DATABASE " + TableRef.quote(database)
                + ").", false, ServerErrorCode.UNKNOWN_DATABASE.code(), failure == null ? 200 : failure.httpStatus(),
                failure);
    }

    private static final String DATABASES = "SELECT name FROM system.databases ORDER BY name FORMAT TabSeparated";

    /** "tables in db: a, b, c" with at most {@link #LISTED} names; "none" when empty; a note when unreadable. */
    private static String listed(String what, List<String> names, String database) {
        String where = what + (database == null ? " on the server" : " in " + database);
        if (names == null) {
            return where + " could not be listed";
        }
        if (names.isEmpty()) {
            return "no " + where;
        }
        StringBuilder out = new StringBuilder(where).append(": ");
        for (int i = 0; i < Math.min(LISTED, names.size()); i++) {
            out.append(i == 0 ? "" : ", ").append(names.get(i));
        }
        if (names.size() > LISTED) {
            out.append(" and ").append(names.size() - LISTED).append(" more");
        }
        return out.toString();
    }

    /** The first column of every row, without hidden tables ({@code .inner.} of materialized views); null on failure. */
    private static List<String> names(TextQuery query, String sql, String operation, String table) {
        try {
            List<String> names = new ArrayList<>();
            for (List<String> row : TabSeparated.parse(query.run(sql, operation, table))) {
                if (!row.isEmpty() && row.get(0) != null && !row.get(0).startsWith(".")) {
                    names.add(row.get(0));
                }
            }
            return names;
        } catch (TransportException e) {
            return null;
        }
    }
}
