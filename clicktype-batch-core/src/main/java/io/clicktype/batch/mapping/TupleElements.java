package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.ColumnEncoder;
import io.clicktype.batch.encoding.TupleWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a record onto the elements of a {@code Tuple}: a named tuple ({@code Tuple(a T, b U)}, and so the
 * elements of a {@code Nested}) by name — each element to the component of that column name (snake_case or
 * {@code @ClickColumn(name)}), in the tuple's order, whatever the record's order — and an unnamed tuple by
 * position. RowBinary writes every element, so every element needs a component and every component an
 * element. Mapping time only.
 */
final class TupleElements {

    private TupleElements() {
    }

    /** @throws IncompatibleTypeException when the record's components do not match the tuple's elements */
    static TupleWriter writer(ClickHouseType tuple, Class<?> record, String defaultZone)
            throws IncompatibleTypeException {
        List<JavaProperty> components = RowIntrospector.properties(record);
        List<ClickHouseType> elements = tuple.children();
        List<ColumnEncoder<Object>> codecs = new ArrayList<>();
        if (named(elements)) {
            Map<String, JavaProperty> byName = new LinkedHashMap<>();
            for (JavaProperty component : components) {
                byName.put(component.column(), component);
            }
            for (ClickHouseType element : elements) {
                JavaProperty component = byName.remove(element.fieldName());
                if (component == null) {
                    throw new IncompatibleTypeException(tuple + " has element `" + element.fieldName()
                            + "` but record `" + record.getSimpleName() + "` has no component of that name (components: "
                            + names(components) + "); add it or name one with @ClickColumn(name = \""
                            + element.fieldName() + "\")", true);
                }
                codecs.add(ColumnEncoders.create(component, element.named(null), defaultZone));
            }
            if (!byName.isEmpty()) {
                throw new IncompatibleTypeException("record `" + record.getSimpleName() + "` has component(s) "
                        + byName.keySet() + " that " + tuple + " has no element for; remove them or mark them @ClickIgnore", true);
            }
        } else {
            if (components.size() != elements.size()) {
                throw new IncompatibleTypeException(tuple + " has " + elements.size() + " elements but record `"
                        + record.getSimpleName() + "` has " + components.size() + " components");
            }
            for (int i = 0; i < components.size(); i++) {
                codecs.add(ColumnEncoders.create(components.get(i), elements.get(i).named(null), defaultZone));
            }
        }
        return new TupleWriter(tuple.toString(), record, codecs);
    }

    private static boolean named(List<ClickHouseType> elements) {
        for (ClickHouseType element : elements) {
            if (element.fieldName() == null) {
                return false;
            }
        }
        return true;
    }

    private static List<String> names(List<JavaProperty> components) {
        List<String> names = new ArrayList<>();
        for (JavaProperty component : components) {
            names.add(component.column());
        }
        return names;
    }
}
