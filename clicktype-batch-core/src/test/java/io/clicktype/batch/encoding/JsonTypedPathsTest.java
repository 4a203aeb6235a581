package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of typed JSON paths: each case is a value 26.7 was seen to accept or refuse at a path of that type
 * ({@code JsonTypedPathsIT} proves the same cases against the server).
 */
class JsonTypedPathsTest {

    private static String check(String type, String value) {
        JsonTypedPaths paths = new JsonTypedPaths().add("v", JsonPathRule.of(type, type));
        return JsonText.objectError("{\"v\": " + value + "}", paths);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> accepted() {
        return arguments(JsonPathCases.ACCEPTED);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refused() {
        return arguments(JsonPathCases.REFUSED);
    }

    private static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> arguments(
            Map<String, List<String>> cases) {
        return cases.entrySet().stream().flatMap(e -> e.getValue().stream()
                .map(v -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), v)));
    }

    @ParameterizedTest(name = "{0} takes {1}")
    @MethodSource("accepted")
    void acceptsWhatTheServerConverts(String type, String value) {
        assertThat(check(type, value)).isNull();
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("refused")
    void refusesWhatTheServerRefuses(String type, String value) {
        assertThat(check(type, value)).startsWith("the typed path `v` is " + type);
    }

    @Test
    void numbersClickHouseCannotReadAtAllAreRefusedEvenWithoutTypedPaths() {
        for (String document : JsonPathCases.UNREADABLE) {
            assertThat(JsonText.objectError(document)).as(document).contains("and ClickHouse refuses such a JSON "
                    + "document");
        }
    }

    @Test
    void pathsAreFoundThroughNestedObjectsDottedAndEscapedKeysButNotArrays() {
        JsonTypedPaths paths = new JsonTypedPaths().add("a.b", JsonPathRule.of("UInt32", "UInt32"))
                .add("a.c.d", JsonPathRule.of("Int8", "Int8"));
        assertThat(JsonText.objectError("{\"a\": {\"b\": \"x\"}}", paths))
                .contains("`a.b` is UInt32 but holds \"x\" (a JSON string)");
        assertThat(JsonText.objectError("{\"a\": {\"b\": {\"w\": 1}}}", paths)).contains("holds {... (a JSON object)");
        assertThat(JsonText.objectError("{\"a.b\": -1}", paths)).contains("`a.b` is UInt32");
        assertThat(JsonText.objectError("{\"a\\u002eb\": -1}", paths)).contains("`a.b` is UInt32");
        assertThat(JsonText.objectError("{\"\\u0061\": {\"b\": -1}}", paths)).contains("`a.b` is UInt32");
        assertThat(JsonText.objectError("{\"a\": {\"c.d\": 300}}", paths)).contains("`a.c.d` is Int8");
        assertThat(JsonText.objectError("{\"a\": {\"c\": {\"d\": 300}}}", paths)).contains("`a.c.d` is Int8");
        // arrays of objects are a dynamic path `a` (measured), a scalar at `a` is too, `a.bb` is another path
        assertThat(JsonText.objectError("{\"a\": [{\"b\": \"x\"}], \"b\": -1}", paths)).isNull();
        assertThat(JsonText.objectError("{\"a\": 5, \"x\": {\"a\": {\"b\": -1}}}", paths)).isNull();
        assertThat(JsonText.objectError("{\"a\": {\"bb\": -1, \"c\": {\"d\": 1, \"e\": 1000}}}", paths)).isNull();
        // the walk still checks the syntax after a typed path
        assertThat(JsonText.objectError("{\"a\": {\"b\": 1}, \"z\": tru}", paths)).contains("not valid JSON");
    }

    @Test
    void numbersClickHouseCannotReadAtAllAreRefusedAtAnyPath() {
        assertThat(JsonText.objectError("{\"x\": 18446744073709551615, \"y\": -9223372036854775808}")).isNull();
        assertThat(JsonText.objectError("{\"x\": 18446744073709551616}"))
                .contains("the number 18446744073709551616 at character 7 of 27 is beyond Int64 and UInt64")
                .contains("send it as a string (\"18446744073709551616\")");
        assertThat(JsonText.objectError("{\"x\": -9223372036854775809}")).contains("beyond Int64 and UInt64");
        assertThat(JsonText.objectError("{\"x\": 1e400}")).contains("1e400 at character 7 of 12 is beyond Float64");
        assertThat(JsonText.objectError("{\"x\": 1e308, \"y\": 123456789012345678901234567890.5}")).isNull();
    }

    @ClickTable("events") record Doc(String extra) { }
    @ClickTable("events") record MapDoc(Map<String, Object> extra) { }

    @Test
    void theRefusalNamesTableColumnPathValueTypeAndFix() {
        RowMapping<Doc> mapping = RowMappings.create(Doc.class, List.of(new TableColumn("extra",
                "JSON(max_dynamic_types=3, max_dynamic_paths=8, `a.b` UInt32, c String, SKIP d, SKIP REGEXP 'x.*')",
                "")));
        mapping.encoder().validate(new Doc("{\"a\": {\"b\": 7}, \"c\": [1], \"d\": {\"b\": -1}}"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapping.encoder().validate(
                new Doc("{\"a\": {\"b\": -1}}")))
                .isInstanceOf(RowRejectedException.class)
                .hasMessage("Row rejected by table `events`: column `extra` is JSON(max_dynamic_types=3, "
                        + "max_dynamic_paths=8, `a.b` UInt32, c String, SKIP d, SKIP REGEXP 'x.*') in ClickHouse, "
                        + "Java `String`: JSON text of 16 characters is refused: the typed path `a.b` is UInt32 but "
                        + "holds -1 (a JSON number), which the server cannot convert; it takes whole numbers from 0 to "
                        + "4294967295 (a fraction is truncated), true/false, null, or such a number in a string: send "
                        + "such a value at `a.b`, or leave the path out (it then reads as UInt32's "
                        + "default)");
    }

    @Test
    void mapsAreCheckedToo() {
        RowMapping<MapDoc> mapping = RowMappings.create(MapDoc.class, List.of(new TableColumn("extra",
                "JSON(a.b Nullable(Int8))", "")));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 300);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapping.encoder().validate(
                new MapDoc(Map.of("a", inner))))
                .isInstanceOf(RowRejectedException.class)
                .hasMessageContaining("the typed path `a.b` is Int8")
                .hasMessageContaining("holds 300 (a JSON number)");
        inner.put("b", 100);
        mapping.encoder().validate(new MapDoc(Map.of("a", inner)));
    }
}
