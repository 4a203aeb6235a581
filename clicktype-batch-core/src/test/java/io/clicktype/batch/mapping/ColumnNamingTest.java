package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnNamingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "id, id",
            "userId, user_id",
            "URLPath, url_path",
            "httpURL, http_url",
            "ip4Address, ip4_address",
            "already_snake, already_snake",
            "a, a",
            "ABC, abc",
            "createdAtUtc, created_at_utc",
            "x_Y, x_y"})
    void snakeCases(String javaName, String column) {
        assertThat(ColumnNaming.snakeCase(javaName)).isEqualTo(column);
    }
}
