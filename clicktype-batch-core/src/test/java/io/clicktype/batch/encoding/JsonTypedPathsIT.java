package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TestTransports;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The typed-path checks against the server (JSON: current servers only). For every case of {@link JsonPathCases}
 * and each checked type: the batcher's check on the caller's thread and the server's own verdict on the same
 * document sent raw (RowBinary with {@code input_format_binary_read_json_as_string=1}, as the transport sends it)
 * must agree — so the check is neither too strict nor too lax — and every document the check lets through is
 * written by a real batcher and read back by path with the value the server gives the raw insert.
 */
@ClickHouseTest
class JsonTypedPathsIT {

    @ClickTable("json_paths")
    record Doc(long id, String j) {
    }

    @Test
    void theCheckRefusesExactlyWhatTheServerRefusesAndWhatItPassesIsStored(ClickHouseServer server, TestDatabase db)
            throws Exception {
        ClickHouseAssumptions.assumeType(server, "JSON");
        Set<String> types = new LinkedHashSet<>(JsonPathCases.ACCEPTED.keySet());
        types.addAll(JsonPathCases.REFUSED.keySet());
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        try (ClickHouseTransport transport = TestTransports.to(server, db.name())) {
            for (String type : types) {
                db.execute("DROP TABLE IF EXISTS json_paths");
                db.execute("DROP TABLE IF EXISTS json_raw");
                db.execute("CREATE TABLE json_paths (id UInt32, j JSON(v " + type + ")) ENGINE = Memory");
                db.execute("CREATE TABLE json_raw (j JSON(v " + type + ")) ENGINE = Memory");
                List<String> values = new ArrayList<>(JsonPathCases.ACCEPTED.getOrDefault(type, List.of()));
                values.addAll(JsonPathCases.REFUSED.getOrDefault(type, List.of()));
                Map<Long, String> stored = new LinkedHashMap<>();
                try (Batcher<Doc> batcher = Batcher.builder(Doc.class).transport(transport).build()) {
                    BatcherHandle<Doc> handle = batcher.start();
                    long id = 0;
                    for (String value : values) {
                        String document = padded("\"v\": " + value);
                        boolean passes = true;
                        id++;
                        try {
                            handle.insert(new Doc(id, document));
                        } catch (RowRejectedException e) {
                            passes = false;
                            assertThat(e).hasMessageContainingAll("table `json_paths`", "column `j`",
                                    "the typed path `v` is " + type + " but holds ");
                        }
                        String verdict = rawInsert(db, document);
                        checked++;
                        if (passes != (verdict != null)) {
                            disagreements.add(type + " " + value + ": the check " + (passes ? "passes" : "refuses")
                                    + " it, the server " + (verdict != null ? "stores " + verdict : "refuses it"));
                        }
                        if (JsonPathCases.ACCEPTED.getOrDefault(type, List.of()).contains(value) != (verdict != null)) {
                            disagreements.add(type + " " + value + ": JsonPathCases is out of date with this server");
                        }
                        if (passes && verdict != null) {
                            stored.put(id, verdict);
                        }
                    }
                    handle.flush().get(30, TimeUnit.SECONDS);
                    assertThat(batcher.stats().failedRows()).isZero();
                    assertThat(batcher.stats().lostRows()).isZero();
                }
                List<List<String>> expected = new ArrayList<>();
                stored.forEach((id, value) -> expected.add(List.of(String.valueOf(id), value, type)));
                assertThat(db.query("SELECT id, toString(j.v), toTypeName(j.v) FROM json_paths ORDER BY id"))
                        .as("what the batcher stored at the %s path", type).containsExactlyElementsOf(expected);
            }
        }
        assertThat(disagreements).isEmpty();
        int cases = 0;
        for (String type : types) {
            cases += JsonPathCases.ACCEPTED.getOrDefault(type, List.of()).size()
                    + JsonPathCases.REFUSED.getOrDefault(type, List.of()).size();
        }
        assertThat(checked).isEqualTo(cases);
    }

    @Test
    void numbersTheServerCannotReadAreRefusedAtAnyPath(ClickHouseServer server, TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "JSON");
        db.execute("DROP TABLE IF EXISTS json_paths");
        db.execute("DROP TABLE IF EXISTS json_raw");
        db.execute("CREATE TABLE json_paths (id UInt32, j JSON) ENGINE = Memory");
        db.execute("CREATE TABLE json_raw (j JSON) ENGINE = Memory");
        try (ClickHouseTransport transport = TestTransports.to(server, db.name());
             Batcher<Doc> batcher = Batcher.builder(Doc.class).transport(transport).build()) {
            BatcherHandle<Doc> handle = batcher.start();
            for (String document : JsonPathCases.UNREADABLE) {
                String padded = padded(document.substring(1, document.length() - 1));
                assertThatThrownBy(() -> handle.insert(new Doc(1, padded))).isInstanceOf(RowRejectedException.class)
                        .hasMessageContaining("and ClickHouse refuses such a JSON document");
                assertThat(rawInsert(db, padded)).as(document).isNull();
            }
            handle.insert(new Doc(1, padded("\"x\": 18446744073709551615, \"y\": -9223372036854775808")));
            handle.flush().get(30, TimeUnit.SECONDS);
        }
        assertThat(db.query("SELECT toString(j.x), toString(j.y) FROM json_paths"))
                .containsExactly(List.of("18446744073709551615", "-9223372036854775808"));
    }

    /**
     * {@code {members}} padded with spaces after the brace to 64 characters, so that its RowBinary length prefix is
     * one printable byte (no whitespace the server would skip before the data) and the statement stays text.
     */
    private static String padded(String members) {
        String document = "{" + " ".repeat(Math.max(0, 63 - members.length() - 1)) + members + "}";
        assertThat(document.length()).isBetween(33, 127);
        return document;
    }

    /** Inserts {@code document} as the transport would; returns {@code toString(j.v)}, or null when refused. */
    private static String rawInsert(TestDatabase db, String document) {
        db.execute("TRUNCATE TABLE json_raw");
        try {
            db.execute("INSERT INTO json_raw SETTINGS input_format_binary_read_json_as_string = 1 FORMAT RowBinary\n"
                    + (char) document.length() + document);
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).containsAnyOf("Cannot insert data into JSON column", "Cannot parse JSON object");
            return null;
        }
        List<List<String>> rows = db.query("SELECT toString(j.v) FROM json_raw");
        assertThat(rows).hasSize(1);
        return rows.get(0).get(0);
    }
}
