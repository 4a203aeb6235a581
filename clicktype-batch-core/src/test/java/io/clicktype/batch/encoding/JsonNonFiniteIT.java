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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * NaN and infinities in JSON columns (current servers: 18.16 has no JSON type), one rule for every input: a row
 * holding one in a Map, a Jackson 2 or 3 {@code JsonNode}, a record written by Jackson, JSON text or a JSON element of
 * an Array is refused at {@code insert} naming table, column and path, and the valid rows of the same stream land
 * with their exact values, as numbers (no {@code "NaN"} string stored).
 */
@ClickHouseTest
class JsonNonFiniteIT {

    record Reading(String sensor, double value, float ratio, BigDecimal exact) {
    }

    @ClickTable("readings")
    record Doc(long id, Map<String, Object> m, String t, com.fasterxml.jackson.databind.JsonNode n2,
               tools.jackson.databind.JsonNode n3, Reading p, List<Map<String, Object>> a) {
    }

    private static final com.fasterxml.jackson.databind.json.JsonMapper JACKSON_2 =
            new com.fasterxml.jackson.databind.json.JsonMapper();
    private static final tools.jackson.databind.json.JsonMapper JACKSON_3 = new tools.jackson.databind.json.JsonMapper();

    /** A row whose every JSON column holds {@code v}, or, at {@code column}, {@code bad}. */
    private static Doc doc(long id, double v, String column, double bad) {
        double m = column.equals("m") ? bad : v;
        double t = column.equals("t") ? bad : v;
        double n2 = column.equals("n2") ? bad : v;
        double n3 = column.equals("n3") ? bad : v;
        double p = column.equals("p") ? bad : v;
        double a = column.equals("a") ? bad : v;
        String text = Double.isNaN(t) ? "NaN" : Double.isInfinite(t) ? (t > 0 ? "Infinity" : "-Infinity")
                : Double.toString(t);
        return new Doc(id, Map.of("v", m), "{\"v\": " + text + "}", JACKSON_2.createObjectNode().put("v", n2),
                JACKSON_3.createObjectNode().put("v", n3), new Reading("s" + id, p, (float) v, new BigDecimal("1.25")),
                List.of(Map.of("v", v), Map.of("v", a)));
    }

    @Test
    void nanAndInfinityAreRefusedInEveryJsonInputAndTheValidRowsOfTheStreamLandExactly(ClickHouseServer server,
            TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeType(server, "JSON");
        db.execute("CREATE TABLE readings (id UInt64, m JSON, t JSON, n2 JSON, n3 JSON, p JSON, a Array(JSON)) "
                + "ENGINE = MergeTree ORDER BY id");
        String[] columns = {"m", "t", "n2", "n3", "p", "a"};
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<String> expected = new ArrayList<>();
        int refused = 0;
        try (ClickHouseTransport transport = TestTransports.to(server, db.name());
             Batcher<Doc> batcher = Batcher.builder(Doc.class).transport(transport).build()) {
            BatcherHandle<Doc> handle = batcher.start();
            long id = 0;
            for (String column : columns) {
                for (double b : bad) {
                    double v = id + 0.1;
                    handle.insert(doc(id, v, column, v));
                    expected.add(id + "\t" + v + "\t" + v + "\t" + v + "\t" + v + "\t" + v + "\t" + (float) v
                            + "\t1.25\t" + v + "\t" + v + "\tFloat64");
                    id++;
                    long row = id++;
                    String path = column.equals("p") ? "`value` holds " : "`v` holds ";
                    assertThatThrownBy(() -> handle.insert(doc(row, 1.5, column, b)))
                            .as("%s with %s", column, b)
                            .isInstanceOf(RowRejectedException.class)
                            .hasMessageContaining("Row rejected by table `")
                            .hasMessageContaining("column `" + column + "`")
                            .hasMessageContaining(path)
                            .hasMessageContaining("has no NaN or Infinity")
                            .hasMessageContaining("map such a value to null");
                    refused++;
                }
            }
            handle.flush().get(30, TimeUnit.SECONDS);
            assertThat(batcher.stats().rejectedRows()).isEqualTo(refused);
            assertThat(batcher.stats().failedRows()).isZero();
            assertThat(batcher.stats().lostRows()).isZero();
        }

        assertThat(db.query("SELECT id, toString(m.v), toString(t.v), toString(n2.v), toString(n3.v), "
                + "toString(p.value), toString(p.ratio), toString(p.exact), toString(a[1].v), toString(a[2].v), "
                + "dynamicType(n2.v) FROM readings ORDER BY id").stream().map(row -> String.join("\t", row)).toList())
                .containsExactlyElementsOf(expected);
        assertThat(db.query("SELECT count() FROM readings WHERE dynamicType(m.v) != 'Float64' OR dynamicType(t.v) != "
                + "'Float64' OR dynamicType(n3.v) != 'Float64' OR dynamicType(p.value) != 'Float64'"))
                .containsExactly(List.of("0"));
    }
}
