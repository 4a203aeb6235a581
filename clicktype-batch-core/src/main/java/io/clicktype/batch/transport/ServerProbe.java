package io.clicktype.batch.transport;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ServerInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what a server is and can do: its version, which of the settings this library may send it
 * knows, and which data type families it has. Three small TabSeparated queries that work on every
 * server version from 18.16 on. Stateless; the transport caches the result.
 */
final class ServerProbe {

    /** Session/query settings the library may send or needs to know about (from {@code system.settings}). */
    static final List<String> SETTINGS = List.of("async_insert", "wait_for_async_insert", "async_insert_deduplicate",
            "insert_deduplicate", "insert_deduplication_token", "input_format_binary_read_json_as_string",
            "input_format_null_as_default", "insert_quorum", "max_insert_block_size", "max_execution_time",
            ServerInfo.NATIVE_TYPES_CONVERSION);

    /** MergeTree table settings of interest (from {@code system.merge_tree_settings}). */
    static final List<String> MERGE_TREE_SETTINGS = List.of("non_replicated_deduplication_window",
            "replicated_deduplication_window", "replicated_deduplication_window_seconds");

    /** Input formats this library may send (from {@code system.formats}). */
    static final List<String> FORMATS = List.of("RowBinaryWithNamesAndTypes");

    private static final Logger LOG = LoggerFactory.getLogger(ServerProbe.class);
    private static final String SERVER = "server";

    private ServerProbe() {
    }

    /**
     * Probes the server.
     *
     * @throws TransportException when the version cannot be read (e.g. server unreachable)
     */
    static ServerInfo probe(TextQuery query) {
        List<List<String>> version = TabSeparated.parse(
                query.run("SELECT version(), timezone() FORMAT TabSeparated", "read the server version", SERVER));
        if (version.isEmpty() || version.get(0).isEmpty() || version.get(0).get(0) == null) {
            throw new TransportException("read the server version: empty answer to SELECT version() "
                    + "[retryable]. To fix: check that the endpoint is a ClickHouse HTTP interface.", true, 0, 200,
                    null);
        }
        Set<String> settings = new HashSet<>(names(query, "system.settings", "name IN " + inList(SETTINGS)));
        Map<String, String> mergeTree = values(query, "system.merge_tree_settings",
                "name IN " + inList(MERGE_TREE_SETTINGS));
        settings.addAll(mergeTree.keySet());
        Set<String> types = names(query, "system.data_type_families", null);
        Set<String> formats = names(query, "system.formats", "is_input AND name IN " + inList(FORMATS));
        String timeZone = version.get(0).size() > 1 ? version.get(0).get(1) : null;
        return new ServerInfo(version.get(0).get(0), settings, types, timeZone, mergeTree, formats);
    }

    /**
     * The {@code name} column of a system table. A table the server does not have (non-retryable
     * error) counts as "knows none"; anything retryable propagates so that a half-read probe is never
     * cached.
     */
    private static Set<String> names(TextQuery query, String systemTable, String where) {
        return rows(query, "name", systemTable, where).keySet();
    }

    /** {@code name} → {@code value} of a system table, read as {@link #names} reads names. */
    private static Map<String, String> values(TextQuery query, String systemTable, String where) {
        return rows(query, "name, value", systemTable, where);
    }

    private static Map<String, String> rows(TextQuery query, String columns, String systemTable, String where) {
        String sql = "SELECT " + columns + " FROM " + systemTable + (where == null ? "" : " WHERE " + where)
                + " FORMAT TabSeparated";
        Map<String, String> names = new HashMap<>();
        try {
            for (List<String> row : TabSeparated.parse(query.run(sql, "read " + systemTable, SERVER))) {
                if (!row.isEmpty() && row.get(0) != null) {
                    names.put(row.get(0), row.size() > 1 && row.get(1) != null ? row.get(1) : "");
                }
            }
        } catch (TransportException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("Cannot read {}; assuming the server supports none of what it lists: {}", systemTable,
                    e.getMessage());
        }
        return names;
    }

    private static String inList(List<String> values) {
        StringBuilder in = new StringBuilder("(");
        for (String value : values) {
            if (in.length() > 1) {
                in.append(", ");
            }
            in.append(TabSeparated.literal(value));
        }
        return in.append(')').toString();
    }
}
