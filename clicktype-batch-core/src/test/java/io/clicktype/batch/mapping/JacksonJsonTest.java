package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.encoding.RowBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objects into JSON columns through the application's Jackson, found at mapping time; none: a clear error. */
class JacksonJsonTest {

    record Payload(int a, String b) { }

    @ClickTable("t") record Event(Payload v) { }

    @Test
    void aRecordIsWrittenAsTheJsonJacksonMakesOfIt() throws Exception {
        assertThat(JacksonJson.serializer(Payload.class).apply(new Payload(1, "x"))).isEqualTo("{\"a\":1,\"b\":\"x\"}");
        RowMapping<Event> mapping = RowMappings.create(Event.class, List.of(new TableColumn("v", "JSON", "")));
        assertThat(mapping.mismatches()).isEmpty();
        RowBuffer out = new RowBuffer(32);
        mapping.encoder().encode(new Event(new Payload(2, "y")), out);
        byte[] bytes = Arrays.copyOf(out.array(), out.size());
        assertThat(bytes[0]).isEqualTo((byte) 15);
        assertThat(new String(bytes, 1, 15, StandardCharsets.UTF_8)).isEqualTo("{\"a\":2,\"b\":\"y\"}");
    }

    @Test
    void withoutJacksonTheErrorNamesTheDependency() {
        ClassLoader withoutJackson = new ClassLoader(null) { };
        assertThatThrownBy(() -> JacksonJson.serializer(Payload.class, withoutJackson))
                .isInstanceOf(IncompatibleTypeException.class)
                .hasMessage("writing a `Payload` into a JSON column needs Jackson on the class path "
                        + "(tools.jackson.core:jackson-databind, which Spring Boot 4 brings, or "
                        + "com.fasterxml.jackson.core:jackson-databind); add it, or declare the component a String of "
                        + "JSON text, a Map<String, Object> or a JsonNode");
    }
}
