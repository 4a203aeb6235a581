package io.clicktype.batch.transport;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a live table's columns from {@code system.columns}, in table order, in TabSeparated (the
 * one output format every server version prints alike).
 *
 * <p>The column holding DEFAULT/MATERIALIZED/ALIAS is {@code default_kind} on every server this
 * library targets (18.16 included) and was {@code default_type} on older ones: the first describe
 * asks for {@code default_kind} and, if the server does not know it, switches to
 * {@code default_type} for good. Thread-safe (the switch is a volatile write of an equal outcome).
 */
final class TableDescriber {

    static final String DEFAULT_KIND = "default_kind";
    static final String DEFAULT_TYPE = "default_type";

    private final TextQuery query;
    private final TableNotFound notFound;
    private final String defaultDatabase;
    private volatile String kindColumn = DEFAULT_KIND;

    /**
     * @param query           runs the statement against the server
     * @param defaultDatabase the connection's default database, named in messages for unqualified tables
     */
    TableDescriber(TextQuery query, String defaultDatabase) {
        this(query, query, defaultDatabase);
    }

    /**
     * @param serverWide runs a statement in the {@code system} database, to list the databases when the connection's
     *                   own does not exist
     */
    TableDescriber(TextQuery query, TextQuery serverWide, String defaultDatabase) {
        this.query = query;
        this.notFound = new TableNotFound(query, serverWide);
        this.defaultDatabase = defaultDatabase;
    }

    /**
     * The table's columns in table order.
     *
     * @throws TransportException not retryable when the table does not exist; classified otherwise
     */
    List<TableColumn> describe(TableRef table) {
        String operation = "describe table " + table;
        String column = kindColumn;
        String body;
        try {
            body = query.run(sql(table, column), operation, table.toString());
        } catch (TransportException e) {
            if (e.serverErrorCode() == ServerErrorCode.UNKNOWN_DATABASE.code() && table.database() == null
                    && defaultDatabase != null) {
                // the connection's database is missing (the statement names no other): say which exist
                throw notFound.connectionDatabase(defaultDatabase, e);
            }
            if (!column.equals(DEFAULT_KIND) || !maybeUnknownColumn(e, DEFAULT_KIND)) {
                throw e;
            }
            try {
                body = query.run(sql(table, DEFAULT_TYPE), operation, table.toString());
            } catch (TransportException second) {
                e.addSuppressed(second);
                throw e;
            }
            kindColumn = DEFAULT_TYPE;
        }
        List<TableColumn> columns = new ArrayList<>();
        for (List<String> row : TabSeparated.parse(body)) {
            if (row.size() != 3 || row.get(0) == null || row.get(1) == null) {
                throw new TransportException(operation + ": unexpected row " + row + " from system.columns "
                        + "[not retryable]. To fix: report this with the server version.", false, 0, 200, null);
            }
            columns.add(new TableColumn(row.get(0), row.get(1), row.get(2) == null ? "" : row.get(2)));
        }
        if (columns.isEmpty()) {
            throw notFound.of(table, table.database() != null ? table.database() : defaultDatabase);
        }
        return List.copyOf(columns);
    }

    /** The statement; names go in as escaped string literals, never as raw text. */
    static String sql(TableRef table, String kindColumn) {
        String database = table.database() == null ? "currentDatabase()" : TabSeparated.literal(table.database());
        return "SELECT name, type, " + kindColumn + " FROM system.columns WHERE database = " + database
                + " AND table = " + TabSeparated.literal(table.table()) + " FORMAT TabSeparated";
    }

    /**
     * Whether the failure may be "no such column": a server that names the code says 47/16 with the
     * column in the text; an old server without error codes only says HTTP 404/400/500, so trying the
     * other column name once is the only way to tell.
     */
    private static boolean maybeUnknownColumn(TransportException e, String column) {
        int code = e.serverErrorCode();
        if (code == 0) {
            return !e.retryable() || e.httpStatus() == 500;
        }
        return (code == ServerErrorCode.UNKNOWN_IDENTIFIER.code()
                || code == ServerErrorCode.NO_SUCH_COLUMN_IN_TABLE.code())
                && e.getMessage() != null && e.getMessage().contains(column);
    }
}
