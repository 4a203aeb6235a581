package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessorsTest {

    record Row(long id, int small, double ratio, boolean flag, String name) {
    }

    static final class Fields {
        private final short code = 7;
        private final String label = "x";
    }

    private static JavaProperty property(Class<?> type, String name) {
        List<JavaProperty> properties = RowIntrospector.properties(type);
        return properties.stream().filter(p -> p.javaName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void recordAccessorsBecomeLambdasSpunInTheRowType() {
        Row row = new Row(Long.MAX_VALUE, -3, 0.5, true, "n");
        var id = Accessors.ofLong(property(Row.class, "id"));
        var small = Accessors.ofLong(property(Row.class, "small"));
        assertThat(id.applyAsLong(row)).isEqualTo(Long.MAX_VALUE);
        assertThat(small.applyAsLong(row)).isEqualTo(-3);
        assertThat(Accessors.ofDouble(property(Row.class, "ratio")).applyAsDouble(row)).isEqualTo(0.5);
        assertThat(Accessors.ofBoolean(property(Row.class, "flag")).test(row)).isTrue();
        assertThat(Accessors.ofObject(property(Row.class, "name")).apply(row)).isEqualTo("n");
        // LambdaMetafactory defines the lambda next to the row type; the MethodHandle fallback lives in Accessors
        assertThat(id.getClass().getName()).startsWith(Row.class.getName() + "$$Lambda");
    }

    @Test
    void fieldsWithoutGettersAreReadThroughMethodHandles() {
        Fields fields = new Fields();
        assertThat(Accessors.ofLong(property(Fields.class, "code")).applyAsLong(fields)).isEqualTo(7);
        assertThat(Accessors.ofObject(property(Fields.class, "label")).apply(fields)).isEqualTo("x");
    }
}
