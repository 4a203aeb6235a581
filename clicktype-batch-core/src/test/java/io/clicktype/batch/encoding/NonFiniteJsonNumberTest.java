package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One rule for NaN and infinities in every JSON input (Map, Jackson 2 and 3 {@code JsonNode}, a record through
 * Jackson, JSON text, and JSON nested in Array/Map/Tuple): refused on the caller's thread naming table, column, path,
 * value and the fix; finite values (double, float, BigDecimal) are written exactly. Jackson's own default writes a
 * NaN as the string {@code "NaN"}, which was stored as a string where the same value in a Map was refused.
 */
class NonFiniteJsonNumberTest {

    private static final String RULE = ", and JSON (RFC 8259) has no NaN or Infinity; ClickHouse's JSON type cannot "
            + "store them as numbers: map such a value to null (or leave the key out), or to a string, yourself";

    @ClickTable("events") record MapDoc(Map<String, Object> extra) { }
    @ClickTable("events") record TextDoc(String extra) { }
    @ClickTable("events") record Node2Doc(com.fasterxml.jackson.databind.JsonNode extra) { }
    @ClickTable("events") record Node3Doc(tools.jackson.databind.JsonNode extra) { }
    record Reading(String sensor, double value, float ratio, BigDecimal exact) { }
    @ClickTable("events") record PojoDoc(Reading extra) { }
    @ClickTable("events") record ListDoc(List<Map<String, Object>> extra) { }
    @ClickTable("events") record MapOfDocs(Map<String, Reading> extra) { }
    record Labelled(String name, com.fasterxml.jackson.databind.JsonNode doc) { }
    @ClickTable("events") record TupleDoc(Labelled extra) { }
    @ClickTable("events") record AnyDoc(Object extra) { }

    private static <T> void assertRefused(Class<T> type, String chType, T row, String message) {
        RowMapping<T> mapping = RowMappings.create(type, List.of(new TableColumn("extra", chType, "")));
        assertThat(mapping.mismatches()).isEmpty();
        assertThatThrownBy(() -> mapping.encoder().validate(row))
                .isInstanceOf(RowRejectedException.class)
                .hasMessageStartingWith("Row rejected by table `events`: column `extra` is " + chType + " in ClickHouse")
                .hasMessageContaining(message)
                .hasMessageEndingWith(RULE);
        assertThatThrownBy(() -> mapping.encoder().encode(row, new RowBuffer(8)))
                .isInstanceOf(RowRejectedException.class).hasMessageContaining(message);
    }

    private static <T> String written(Class<T> type, String chType, T row) {
        RowMapping<T> mapping = RowMappings.create(type, List.of(new TableColumn("extra", chType, "")));
        RowBuffer out = new RowBuffer(16);
        mapping.encoder().validate(row);
        mapping.encoder().encode(row, out);
        byte[] bytes = Arrays.copyOf(out.array(), out.size());
        return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);   // after a one-byte length
    }

    @Test
    void aMapWithADoubleOrFloatNanOrInfinityIsRefusedNamingThePath() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("r", List.of(1.0, Double.NaN));
        assertRefused(MapDoc.class, "JSON", new MapDoc(Map.of("m", inner)),
                "a Map that is not JSON: `m.r[1]` holds a Double NaN" + RULE);
        assertRefused(MapDoc.class, "JSON", new MapDoc(Map.of("f", Float.POSITIVE_INFINITY)),
                "`f` holds a Float Infinity");
        assertRefused(MapDoc.class, "JSON", new MapDoc(Map.of("d", Double.NEGATIVE_INFINITY)),
                "`d` holds a Double -Infinity");
    }

    @Test
    void jsonTextWithANanOrInfinityTokenIsRefusedNamingThePathAndAStringNanIsAString() {
        assertRefused(TextDoc.class, "JSON", new TextDoc("{\"a\": {\"b\": [1, NaN]}}"),
                "JSON text of 22 characters is refused: `a.b[1]` holds NaN" + RULE);
        assertRefused(TextDoc.class, "JSON", new TextDoc("{\"x\": -Infinity}"), "`x` holds -Infinity");
        assertRefused(TextDoc.class, "JSON", new TextDoc("{\"x\": Infinity}"), "`x` holds Infinity");
        assertRefused(TextDoc.class, "JSON", new TextDoc("{\"x\": nan}"), "`x` holds nan");
        assertRefused(TextDoc.class, "JSON", new TextDoc("{\"a\\u0062\": [{\"c\": +inf}]}"), "`ab[0].c` holds +inf");
        // also where a typed path of a float type would take it
        assertRefused(TextDoc.class, "JSON(x Float64)", new TextDoc("{\"x\": NaN}"), "`x` holds NaN");
        assertThat(written(TextDoc.class, "JSON", new TextDoc("{\"x\": \"NaN\"}"))).isEqualTo("{\"x\": \"NaN\"}");
        assertThat(JsonText.objectError("{\"x\": nul}")).contains("an unknown word");
        assertThat(JsonText.objectError("{\"x\": -}")).contains("an unexpected character");
    }

    @Test
    void jackson2NodesHoldingNanOrInfinityAreRefusedAndFiniteOnesWrittenExactly() throws Exception {
        com.fasterxml.jackson.databind.json.JsonMapper mapper = new com.fasterxml.jackson.databind.json.JsonMapper();
        com.fasterxml.jackson.databind.node.ObjectNode node = mapper.createObjectNode();
        node.putObject("m").put("ratio", Double.NaN);
        // what a default Jackson writes: the string "NaN", which was stored as a string
        assertThat(node.toString()).isEqualTo("{\"m\":{\"ratio\":\"NaN\"}}");
        assertRefused(Node2Doc.class, "JSON", new Node2Doc(node), "the JsonNode as Jackson writes it (19 characters) "
                + "is refused: `m.ratio` holds NaN");
        com.fasterxml.jackson.databind.node.ObjectNode floats = mapper.createObjectNode();
        floats.putArray("f").add(1.5f).add(Float.NEGATIVE_INFINITY);
        assertRefused(Node2Doc.class, "JSON", new Node2Doc(floats), "`f[1]` holds -Infinity");
        // a tree read by a lenient parser (JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        com.fasterxml.jackson.databind.json.JsonMapper lenient = com.fasterxml.jackson.databind.json.JsonMapper
                .builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        assertRefused(Node2Doc.class, "JSON", new Node2Doc(lenient.readTree("{\"a\": Infinity}")),
                "`a` holds Infinity");
        com.fasterxml.jackson.databind.node.ObjectNode finite = mapper.createObjectNode();
        finite.put("d", 0.1).put("f", 1.5f).put("b", new BigDecimal("12345678901234567890.000000001"));
        assertThat(written(Node2Doc.class, "JSON", new Node2Doc(finite)))
                .isEqualTo("{\"d\":0.1,\"f\":1.5,\"b\":12345678901234567890.000000001}");
    }

    @Test
    void jackson3NodesHoldingNanOrInfinityAreRefusedAndFiniteOnesWrittenExactly() {
        tools.jackson.databind.json.JsonMapper mapper = new tools.jackson.databind.json.JsonMapper();
        tools.jackson.databind.node.ObjectNode node = mapper.createObjectNode();
        node.put("ratio", Double.POSITIVE_INFINITY);
        assertRefused(Node3Doc.class, "JSON", new Node3Doc(node), "the JsonNode as Jackson writes it (18 characters) "
                + "is refused: `ratio` holds Infinity");
        tools.jackson.databind.json.JsonMapper lenient = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        assertRefused(Node3Doc.class, "JSON", new Node3Doc(lenient.readTree("{\"a\": [NaN]}")), "`a[0]` holds NaN");
        tools.jackson.databind.node.ObjectNode finite = mapper.createObjectNode();
        finite.put("d", -2.5e-300).put("f", 0.25f);
        assertThat(written(Node3Doc.class, "JSON", new Node3Doc(finite))).isEqualTo("{\"d\":-2.5E-300,\"f\":0.25}");
    }

    @Test
    void aRecordWrittenByJacksonWithANanOrInfiniteFieldIsRefusedAndAFiniteOneWrittenExactly() {
        assertRefused(PojoDoc.class, "JSON", new PojoDoc(new Reading("s", Double.NaN, 1f, BigDecimal.ONE)),
                "the `Reading` as Jackson writes it (48 characters) is refused: `value` holds NaN");
        assertRefused(PojoDoc.class, "JSON", new PojoDoc(new Reading("s", 1, Float.NEGATIVE_INFINITY, null)),
                "`ratio` holds -Infinity");
        assertThat(written(PojoDoc.class, "JSON", new PojoDoc(new Reading("s", 0.1, 0.5f, new BigDecimal("1.10")))))
                .isEqualTo("{\"sensor\":\"s\",\"value\":0.1,\"ratio\":0.5,\"exact\":1.10}");
    }

    @Test
    void jsonNestedInArrayMapAndTupleColumnsFollowsTheSameRule() {
        com.fasterxml.jackson.databind.node.ObjectNode node = new com.fasterxml.jackson.databind.json.JsonMapper()
                .createObjectNode().put("x", Double.NaN);
        assertRefused(TupleDoc.class, "Tuple(name String, doc JSON)", new TupleDoc(new Labelled("n", node)),
                "`x` holds NaN");
        assertRefused(ListDoc.class, "Array(JSON)", new ListDoc(List.of(Map.of("a", 1), Map.of("b", Double.NaN))),
                "`b` holds a Double NaN");
        assertRefused(MapOfDocs.class, "Map(String, JSON)",
                new MapOfDocs(Map.of("k", new Reading("s", Double.POSITIVE_INFINITY, 0f, null))),
                "`value` holds Infinity");
    }

    @Test
    void aJsonNodeInAComponentDeclaredObjectIsWrittenByItsOwnJacksonUnderTheSameRule() {
        com.fasterxml.jackson.databind.node.ObjectNode n2 = new com.fasterxml.jackson.databind.json.JsonMapper()
                .createObjectNode().put("x", 0.5);
        tools.jackson.databind.node.ObjectNode n3 = new tools.jackson.databind.json.JsonMapper()
                .createObjectNode().put("x", 0.5);
        // a Jackson 3 mapper would write the Jackson 2 node as a bean: {"array":false,...}
        assertThat(written(AnyDoc.class, "JSON", new AnyDoc(n2))).isEqualTo("{\"x\":0.5}");
        assertThat(written(AnyDoc.class, "JSON", new AnyDoc(n3))).isEqualTo("{\"x\":0.5}");
        assertRefused(AnyDoc.class, "JSON", new AnyDoc(n2.put("x", Double.NaN)), "`x` holds NaN");
        assertRefused(AnyDoc.class, "JSON", new AnyDoc(n3.put("x", Double.NaN)), "`x` holds NaN");
        assertRefused(AnyDoc.class, "JSON", new AnyDoc(Map.of("x", Float.NaN)), "`x` holds a Float NaN");
    }
}
