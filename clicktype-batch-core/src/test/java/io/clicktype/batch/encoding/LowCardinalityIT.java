package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LowCardinality columns written in the standard RowBinary layout — {@code LowCardinality(Nullable(String))}
 * with its null flag, {@code Array(LowCardinality(String))} — read back exactly, NULL and empty string
 * apart, in Memory and MergeTree tables: measured on 18.16 (where the type is experimental and must
 * be allowed when the table is created) and on current servers.
 */
@ClickHouseTest
class LowCardinalityIT {

    private static ServerRoundTrip server;

    @BeforeAll
    static void connect(ClickHouseServer clickHouse, TestDatabase db) {
        server = new ServerRoundTrip(clickHouse, db);
    }

    @AfterAll
    static void disconnect() {
        server.close();
    }

    @ClickTable("lc_memory") record InMemory(long id, String name, List<String> tags, String plain) { }
    @ClickTable("lc_merge_tree") record InMergeTree(long id, String name, List<String> tags, String plain) { }

    @Test
    void memory(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        create(clickHouse, db, "lc_memory", "Memory");
        List<InMemory> rows = new ArrayList<>();
        for (Object[] values : rows()) {
            rows.add(new InMemory((Long) values[0], (String) values[1], cast(values[2]), (String) values[3]));
        }
        server.insert("lc_memory", InMemory.class, rows);
        assertReadBack(db, "lc_memory");
    }

    @Test
    void mergeTree(ClickHouseServer clickHouse, TestDatabase db) throws Exception {
        create(clickHouse, db, "lc_merge_tree", "MergeTree() ORDER BY id");
        List<InMergeTree> rows = new ArrayList<>();
        for (Object[] values : rows()) {
            rows.add(new InMergeTree((Long) values[0], (String) values[1], cast(values[2]), (String) values[3]));
        }
        server.insert("lc_merge_tree", InMergeTree.class, rows);
        assertReadBack(db, "lc_merge_tree");
    }

    private static void create(ClickHouseServer clickHouse, TestDatabase db, String table, String engine)
            throws Exception {
        String ddl = "CREATE TABLE " + db.name() + "." + table + " (id UInt64, name LowCardinality(Nullable(String)), "
                + "tags Array(LowCardinality(String)), plain LowCardinality(String)) ENGINE = " + engine;
        if (clickHouse.supportsSetting("allow_experimental_low_cardinality_type")
                && !clickHouse.supportsType("Date32")) {
            server.executeWithSettings(ddl, Map.of("allow_experimental_low_cardinality_type", "1"));  // 18.x
        } else {
            db.execute(ddl);
        }
    }

    /** NULL, empty and repeated values, enough rows for the dictionary to be shared. */
    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, null, List.of(), ""});
        rows.add(new Object[] {2L, "", List.of(""), "a"});
        rows.add(new Object[] {3L, "DE", List.of("x", "", "x"), "DE"});
        rows.add(new Object[] {4L, null, List.of("ü"), "ü"});
        for (long id = 5; id < 1005; id++) {
            rows.add(new Object[] {id, id % 3 == 0 ? null : "v" + id % 7, List.of("t" + id % 5, "t" + id % 2), "p" + id % 4});
        }
        return rows;
    }

    private static void assertReadBack(TestDatabase db, String table) {
        assertThat(db.query("SELECT toTypeName(name), toTypeName(tags) FROM " + table + " LIMIT 1")).containsExactly(
                List.of("LowCardinality(Nullable(String))", "Array(LowCardinality(String))"));
        assertThat(db.query("SELECT id, isNull(name), ifNull(name, '-'), tags, plain FROM " + table
                + " WHERE id <= 6 ORDER BY id")).containsExactly(
                List.of("1", "1", "-", "[]", ""),
                List.of("2", "0", "", "['']", "a"),
                List.of("3", "0", "DE", "['x','','x']", "DE"),
                List.of("4", "1", "-", "['ü']", "ü"),
                List.of("5", "0", "v5", "['t0','t1']", "p1"),
                List.of("6", "1", "-", "['t1','t0']", "p2"));
        List<String> expected = new ArrayList<>();
        long nulls = 0;
        for (Object[] row : rows()) {
            nulls += row[1] == null ? 1 : 0;
        }
        expected.add(Long.toString(rows().size()));
        expected.add(Long.toString(nulls));
        assertThat(db.query("SELECT count(), countIf(isNull(name)) FROM " + table)).containsExactly(expected);
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object list) {
        return (List<String>) list;
    }
}
