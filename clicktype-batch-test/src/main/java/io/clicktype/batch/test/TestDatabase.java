package io.clicktype.batch.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one test class: created before its first test, dropped after its last.
 * Thread-safe.
 */
public final class TestDatabase {

    private final ClickHouseServer server;
    private final String name;
    private final HttpSql sql;

    TestDatabase(ClickHouseServer server, String testName) {
        this.server = server;
        String base = testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        this.name = "ct_" + (base.length() > 40 ? base.substring(0, 40) : base) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
        this.sql = new HttpSql(server.httpUrl(), server.username(), server.password());
    }

    /** The database's name, a plain identifier. */
    public String name() {
        return name;
    }

    /** The server holding it. */
    public ClickHouseServer server() {
        return server;
    }

    /** Runs a statement with this database as the default one. @throws IllegalStateException on failure */
    public void execute(String statement) {
        sql.execute(name, statement);
    }

    /**
     * Runs {@code insert} ({@code INSERT INTO t FORMAT f}) with {@code data}, bytes in that format, as its input, the
     * way {@code clickhouse-client --query "..." < file} does. @throws IllegalStateException on failure
     */
    public void insert(String insert, byte[] data) {
        sql.insert(name, insert, data);
    }

    /**
     * Runs a query with this database as the default one and returns its rows, each a list of
     * unescaped TabSeparated fields ({@code \N} stays {@code \N}, meaning NULL).
     */
    public List<List<String>> query(String query) {
        String body = sql.execute(name, query + " FORMAT TabSeparated");
        List<List<String>> rows = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            for (String field : line.split("\t", -1)) {
                fields.add(unescape(field));
            }
            rows.add(fields);
        }
        return rows;
    }

    /** {@code SELECT count() FROM table}. */
    public long count(String table) {
        return Long.parseLong(query("SELECT count() FROM `" + table + "`").get(0).get(0));
    }

    /**
     * Whether a MergeTree table can be made to drop an insert whose {@code insert_deduplication_token} it has
     * seen: the server knows the token (22.2+) and the table setting {@code non_replicated_deduplication_window}
     * (whose default, 0, ignores tokens on plain MergeTree). False on 18.16.
     */
    public boolean canDeduplicateTokens() {
        return server.supportsSetting("insert_deduplication_token") && !query("SELECT name FROM "
                + "system.merge_tree_settings WHERE name = 'non_replicated_deduplication_window'").isEmpty();
    }

    /**
     * The engine clause of a MergeTree ordered by {@code orderBy} that deduplicates tokens where
     * {@link #canDeduplicateTokens()} (a window of the last 1000 inserts), and a plain one elsewhere.
     */
    public String deduplicatingMergeTree(String orderBy) {
        return "ENGINE = MergeTree() ORDER BY " + orderBy
                + (canDeduplicateTokens() ? " SETTINGS non_replicated_deduplication_window = 1000" : "");
    }

    void create() {
        sql.execute(null, "CREATE DATABASE `" + name + "`");
    }

    void drop() {
        sql.execute(null, "DROP DATABASE IF EXISTS `" + name + "`");
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0 || field.equals("\\N")) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '0' -> out.append('\0');
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
