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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks of typed JSON paths: each case is a value 26.7 was seen to accept or refuse at a path of that type
 * ({@code JsonTypedPathsIT} proves the same cases against the server).
 */
class JsonTypedPathsTest {

    private static String check(String type, String value) {
        JsonTypedPaths paths = new JsonTypedPaths().add("v", JsonPathRule.of(type, type));
        return JsonText.objectError("{\"v\": " + value + "}", paths);
    }

    @ParameterizedTest(name = "{0} takes {1}")
    @CsvSource(delimiter = '|', value = {
        "UInt8|0", "UInt8|255", "UInt8|1.5", "UInt8|255.0", "UInt8|1e2", "UInt8|-0", "UInt8|true", "UInt8|null",
        "UInt8|\"5\"", "UInt8|\"+5\"", "UInt8|\"1.5\"", "UInt8|\"1e2\"", "UInt8|\"00012\"", "UInt8|\"-0\"",
        "UInt8|\"0.5\"", "UInt8|\"nan\"", "UInt8|\"255\"",
        "Int8|-128", "Int8|127", "Int8|-0.9", "Int8|-128.0", "Int8|\"-0.5\"", "Int8|\".5\"", "Int8|\"1.\"",
        "Int8|\"1e-2\"", "Int8|\"+.5\"", "Int8|\"-NaN\"", "Int8|\"1.e1\"",
        "Int64|9223372036854775807", "Int64|-9223372036854775808", "Int64|9223372036854774784.0",
        "Int64|-9223372036854775808.0", "Int64|\"9223372036854775807\"", "Int64|\"-9223372036854775808\"",
        "UInt64|18446744073709551615", "UInt64|1e19", "UInt64|18446744073709549568.0",
        "UInt64|\"18446744073709551615\"",
        "UInt32|4294967295", "Int16|-32768", "Int32|2147483647", "UInt16|65535",
        "Bool|true", "Bool|2", "Bool|1.5", "Bool|\"2\"", "Bool|null",
        "Float64|1e308", "Float64|\"inf\"", "Float64|\"-Infinity\"", "Float64|\"NaN\"", "Float64|\".5\"",
        "Float64|\"+1\"", "Float64|true", "Float64|null", "Float64|18446744073709551615",
        "Float32|1e39", "Float32|\"1e400\"",
    })
    void acceptsWhatTheServerConverts(String type, String value) {
        assertThat(check(type, value)).isNull();
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(delimiter = '|', value = {
        "UInt8|-1", "UInt8|256", "UInt8|255.9", "UInt8|-0.5", "UInt8|1e10", "UInt8|\"256\"", "UInt8|\"-1\"",
        "UInt8|\" 5\"", "UInt8|\"5 \"", "UInt8|\"0x10\"", "UInt8|\"\"", "UInt8|\"5x\"", "UInt8|\"255.9\"",
        "UInt8|\"-0.5\"", "UInt8|\"1e3\"", "UInt8|\"+\"", "UInt8|[]", "UInt8|{}", "UInt8|[1]", "UInt8|{\"w\":1}",
        "Int8|128", "Int8|-129", "Int8|127.5", "Int8|-128.5", "Int8|\"127.5\"", "Int8|\"inf\"", "Int8|\"Infinity\"",
        "Int8|\"1e\"", "Int8|\"1_0\"", "Int8|\"--1\"", "Int8|\".\"", "Int8|\"e5\"", "Int8|\"x\"",
        "Int64|9223372036854775808", "Int64|9223372036854775807.0", "Int64|-9223372036854777856.0",
        "Int64|1e19", "Int64|\"9223372036854775808\"",
        "UInt64|-1", "UInt64|18446744073709551615.0", "UInt64|\"18446744073709551616\"", "UInt64|-0.5",
        "UInt32|4294967296", "Int16|32768", "Int32|-2147483649", "UInt16|65536",
        "Bool|-1", "Bool|256", "Bool|255.5", "Bool|\"true\"", "Bool|\"yes\"", "Bool|[]",
        "Float64|\"x\"", "Float64|\" 1\"", "Float64|\"\"", "Float64|\"1e\"", "Float64|\"0x10\"", "Float64|\"1,5\"",
        "Float64|[]", "Float64|{}", "Float32|\"+\"",
    })
    void refusesWhatTheServerRefuses(String type, String value) {
        assertThat(check(type, value)).startsWith("the typed path `v` is " + type);
    }

    @Test
    void pathsAreFoundThroughNestedObjectsDottedAndEscapedKeysButNotArrays() {
        JsonTypedPaths paths = new JsonTypedPaths().add("a.b", JsonPathRule.of("UInt32", "UInt32"))
                .add("a.c.d", JsonPathRule.of("Int8", "Int8"));
        assertThat(JsonText.objectError("{\"a\": {\"b\": \"x\"}}", paths)).contains("`a.b` is UInt32 but holds \"x\" (a JSON string)");
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
