package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Names that need quoting — Nested sub-columns, hyphens, spaces, colons, non-ASCII, a backtick, a
 * backslash, a quote — in columns, tables and databases: the batcher starts, validates against
 * {@code system.columns} and inserts them, on 18.16 and current servers alike.
 */
@ClickHouseTest
class QuotedNamesIT {

    /** Fixed, since annotations are constants; created and dropped by this test only. */
    static final String ODD_DATABASE = "ct_quoted db-`\\'ü";
    static final String ODD_TABLE = "t.a`b\\c'd ü";

    @ClickTable("nested_tags")
    record Tagged(long id, @ClickColumn(name = "tags.name") List<String> tagNames,
            @ClickColumn(name = "tags.weight") List<Integer> tagWeights) {
    }

    @ClickTable(value = ODD_TABLE, database = ODD_DATABASE)
    record Odd(long id, @ClickColumn(name = "event-type") String eventType, @ClickColumn(name = "user id") String userId,
            @ClickColumn(name = "ns:attr") String nsAttr, @ClickColumn(name = "ünï") String unicode,
            @ClickColumn(name = "a`b") String backtick, @ClickColumn(name = "c\\d") String backslash,
            @ClickColumn(name = "e'f") String quote, @ClickColumn(name = "9 lives") String digitFirst) {
    }

    private ClickHouseTransport transport;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(server.httpUrl()), server.username(),
                server.password(), db.name(), true, Duration.ofSeconds(2), Duration.ofSeconds(10), null, null));
    }

    @AfterEach
    void close(TestDatabase db) {
        transport.close();
        db.execute("DROP DATABASE IF EXISTS " + TableRef.quote(ODD_DATABASE));
    }

    @Test
    void nestedSubColumnsAreInsertedUnderTheirDottedNames(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE nested_tags (id UInt32, tags Nested(name String, weight Int32)) ENGINE = Memory");

        try (Batcher<Tagged> batcher = Batcher.builder(Tagged.class).transport(transport).build()) {
            BatcherHandle<Tagged> handle = batcher.start();
            handle.insert(new Tagged(1, List.of("a", "b"), List.of(10, -20)));
            handle.insert(new Tagged(2, List.of(), List.of()));
            handle.flush().get(30, TimeUnit.SECONDS);

            assertThat(batcher.stats().lostRows()).isZero();
        }
        assertThat(db.query("SELECT id, tags.name, tags.weight FROM nested_tags ORDER BY id")).containsExactly(
                List.of("1", "['a','b']", "[10,-20]"), List.of("2", "[]", "[]"));
    }

    @ClickTable(ODD_TABLE)
    record InDefaultDatabase(long id, @ClickColumn(name = "event-type") String eventType) {
    }

    @Test
    void anOddDefaultDatabaseOfTheConnectionIsUsedForUnqualifiedTables(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("CREATE DATABASE " + TableRef.quote(ODD_DATABASE));
        db.execute("CREATE TABLE " + new TableRef(ODD_DATABASE, ODD_TABLE).quoted()
                + " (id UInt64, `event-type` String) ENGINE = Memory");
        try (ClickHouseTransport oddDefault = ClickHouseTransports.clientV2(new ConnectionConfig(
                List.of(server.httpUrl()), server.username(), server.password(), ODD_DATABASE, true,
                Duration.ofSeconds(2), Duration.ofSeconds(10), null, null));
             Batcher<InDefaultDatabase> batcher = Batcher.builder(InDefaultDatabase.class).transport(oddDefault).build()) {
            batcher.start().insert(new InDefaultDatabase(3, "view"));
            batcher.handle().flush().get(30, TimeUnit.SECONDS);
        }
        assertThat(db.query("SELECT id, `event-type` FROM " + new TableRef(ODD_DATABASE, ODD_TABLE).quoted()))
                .containsExactly(List.of("3", "view"));
    }

    @Test
    void oddColumnTableAndDatabaseNamesAreDescribedAndInserted(TestDatabase db) throws Exception {
        TableRef table = new TableRef(ODD_DATABASE, ODD_TABLE);
        db.execute("CREATE DATABASE " + TableRef.quote(ODD_DATABASE));
        StringBuilder columns = new StringBuilder("id UInt64");
        for (String name : List.of("event-type", "user id", "ns:attr", "ünï", "a`b", "c\\d", "e'f", "9 lives")) {
            columns.append(", ").append(TableRef.quote(name)).append(" String");
        }
        db.execute("CREATE TABLE " + table.quoted() + " (" + columns + ") ENGINE = Memory");

        try (Batcher<Odd> batcher = Batcher.builder(Odd.class).transport(transport).build()) {
            BatcherHandle<Odd> handle = batcher.start();
            handle.insert(new Odd(7, "click", "u 1", "x:y", "ü", "`", "\\", "'", "9"));
            handle.flush().get(30, TimeUnit.SECONDS);

            assertThat(batcher.stats().lostRows()).isZero();
        }
        assertThat(db.query("SELECT * FROM " + table.quoted())).containsExactly(
                List.of("7", "click", "u 1", "x:y", "ü", "`", "\\", "'", "9"));
        assertThat(db.query("SELECT name FROM system.columns WHERE database = '" + ODD_DATABASE.replace("\\", "\\\\")
                .replace("'", "\\'") + "'")).extracting(row -> row.get(0)).containsExactly(
                "id", "event-type", "user id", "ns:attr", "ünï", "a`b", "c\\d", "e'f", "9 lives");
    }
}
