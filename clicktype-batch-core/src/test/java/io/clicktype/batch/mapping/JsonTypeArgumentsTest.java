package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.encoding.JsonTypedPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTypeArgumentsTest {

    private static List<String> args(String type) {
        return ClickHouseTypes.parse(type).args();
    }

    @Test
    void readsTheFormTheServerPrints() {
        // system.columns on 26.7 for JSON(max_dynamic_paths=8, a.b UInt32, c String, SKIP d, SKIP REGEXP 'x.*',
        // `e f`.g Int8, h Array(Nullable(Int32)), max_dynamic_types=3)
        JsonTypedPaths paths = JsonTypeArguments.typedPaths(args("JSON(max_dynamic_types=3, max_dynamic_paths=8, "
                + "`a.b` UInt32, c String, `e f.g` Int8, h Array(Nullable(Int32)), SKIP d, SKIP REGEXP 'x.*')"));
        assertThat(paths.isEmpty()).isFalse();
        assertThat(paths.describe()).isEqualTo("a.b UInt32, e f.g Int8");
    }

    @Test
    void readsTheUnquotedFormAndSpacesAroundParameters() {
        assertThat(JsonTypeArguments.typedPaths(args("JSON(max_dynamic_paths = 8, a.b Nullable(UInt64), "
                + "c LowCardinality(Nullable(Float32)), d Bool,     SKIP e)")).describe())
                .isEqualTo("a.b UInt64, c Float32, d Bool");
    }

    @Test
    void pathsOfUncheckedTypesAndPlainJsonGiveNothingToCheck() {
        assertThat(JsonTypeArguments.typedPaths(args("JSON")).isEmpty()).isTrue();
        assertThat(JsonTypeArguments.typedPaths(args("JSON(a String, b Date, c DateTime64(3, 'UTC'), d IPv6, "
                + "e Decimal(9, 2))")).isEmpty()).isTrue();
    }

    @Test
    void aPathWithoutTypeIsAnError() {
        assertThatThrownBy(() -> JsonTypeArguments.typedPaths(List.of("a.b")))
                .hasMessageContaining("is no parameter (name=value), SKIP clause or typed path");
        assertThatThrownBy(() -> JsonTypeArguments.typedPaths(List.of("`a.b UInt8")))
                .hasMessageContaining("no closing backtick");
    }
}
