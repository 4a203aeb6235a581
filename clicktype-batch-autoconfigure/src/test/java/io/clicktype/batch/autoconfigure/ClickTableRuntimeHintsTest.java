package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/** The AOT hints name each row type, every record inside it (Tuple, Nested, geo Point) and the encoder template. */
class ClickTableRuntimeHintsTest {

    record Point(double x, double y) { }

    record Tag(String name, int weight, Point at) { }

    record Unused(int a) { }

    @ClickTable("events")
    record Event(long id, List<Tag> tags, Map<String, List<Point>> paths, Point[] stops, String note) { }

    @Test
    void recordsInsideARowTypeAreRegisteredToo() {
        RuntimeHints hints = new RuntimeHints();
        new ClickTableRuntimeHints(List.of(Event.class)).register(hints);

        for (Class<?> type : List.of(Event.class, Tag.class, Point.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(Unused.class)).rejects(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource(ClickTableRuntimeHints.ENCODER_TEMPLATE))
                .accepts(hints);
    }
}
