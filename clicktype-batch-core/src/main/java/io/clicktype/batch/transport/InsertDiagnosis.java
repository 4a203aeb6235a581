package io.clicktype.batch.transport;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds out why an insert failed when the server's error text is lost.
 *
 * <p>Servers that send no {@code X-ClickHouse-Exception-Code} header (18.16 and other old versions)
 * make client-v2 0.9.9 report code 0 and drop the body, leaving only the HTTP status. For those
 * failures this class asks the system tables what is structurally wrong with the insert, in the order
 * the server itself checks: the database, the table, each column (missing, or MATERIALIZED/ALIAS),
 * each setting. Only read-only metadata queries are sent, never the rows again. Runs on the failure
 * path only. Stateless and thread-safe.
 */
final class InsertDiagnosis {

    private InsertDiagnosis() {
    }

    /**
     * The diagnosed failure, or {@code null} when the metadata shows nothing wrong (the rows themselves,
     * or a transient problem, must then be the cause) or cannot be read.
     *
     * @param prefix     {@code <operation> failed at <endpoint>}, for the message
     * @param httpStatus the status of the failed insert
     * @param cause      the original failure, kept as the cause
     */
    static TransportException diagnose(TextQuery query, TableDescriber describer, String defaultDatabase,
            TableRef table, List<String> columns, Map<String, String> settings, String prefix, int httpStatus,
            Throwable cause) {
        try {
            String found = findProblem(query, describer, defaultDatabase, table, columns, settings);
            if (found == null) {
                return null;
            }
            int code = FailureClassifier.parseServerCode(found);
            String text = found + " (diagnosed from system tables: the server sent no error code header, so "
                    + "the client could not read its error text)";
            return FailureClassifier.fromServer(prefix, table.toString(), code, httpStatus, text, cause);
        } catch (TransportException e) {
            cause.addSuppressed(e);
            return null;
        }
    }

    private static String findProblem(TextQuery query, TableDescriber describer, String defaultDatabase,
            TableRef table, List<String> columns, Map<String, String> settings) {
        String database = table.database() != null ? table.database() : defaultDatabase;
        String databaseExpr = table.database() != null ? TabSeparated.literal(table.database()) : "currentDatabase()";
        String databases = query.run("SELECT name FROM system.databases WHERE name = " + databaseExpr
                + " FORMAT TabSeparated", "diagnose insert into " + table, table.toString());
        if (TabSeparated.parse(databases).isEmpty()) {
            return "Code: " + ServerErrorCode.UNKNOWN_DATABASE.code() + ". Database " + database + " doesn't exist.";
        }
        List<TableColumn> live;
        try {
            live = describer.describe(table);
        } catch (TransportException e) {
            if (e.serverErrorCode() == ServerErrorCode.UNKNOWN_TABLE.code()) {
                return "Code: " + ServerErrorCode.UNKNOWN_TABLE.code() + ". Table " + database + "." + table.table()
                        + " doesn't exist.";
            }
            throw e;
        }
        Map<String, TableColumn> byName = new HashMap<>();
        for (TableColumn column : live) {
            byName.put(column.name(), column);
        }
        for (String name : columns) {
            TableColumn column = byName.get(name);
            if (column == null) {
                return "Code: " + ServerErrorCode.NO_SUCH_COLUMN_IN_TABLE.code() + ". No such column " + name
                        + " in table " + database + "." + table.table() + ".";
            }
            if (!column.insertable()) {
                return "Code: " + ServerErrorCode.ILLEGAL_COLUMN.code() + ". Cannot insert column " + name
                        + ", because it is " + column.defaultKind() + " column.";
            }
        }
        if (settings != null && !settings.isEmpty()) {
            List<String> names = new ArrayList<>(settings.keySet());
            Set<String> known = new HashSet<>();
            StringBuilder in = new StringBuilder();
            for (String name : names) {
                in.append(in.length() == 0 ? "" : ", ").append(TabSeparated.literal(name));
            }
            for (List<String> row : TabSeparated.parse(query.run("SELECT name FROM system.settings WHERE name IN ("
                    + in + ") FORMAT TabSeparated", "diagnose insert into " + table, table.toString()))) {
                known.add(row.get(0));
            }
            for (String name : names) {
                if (!known.contains(name)) {
                    return "Code: " + ServerErrorCode.UNKNOWN_SETTING.code() + ". Unknown setting " + name + ".";
                }
            }
        }
        return null;
    }
}
