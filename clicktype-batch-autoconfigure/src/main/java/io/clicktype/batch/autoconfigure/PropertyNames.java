package io.clicktype.batch.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;

/**
 * Every valid {@code clicktype.batch.*} property name, read off {@link ClickTypeBatchProperties} itself (so
 * it cannot drift from what binds), in kebab case; a map of groups gives a {@code *} element for its key
 * ({@code clicktype.batch.tables.*.max-rows}). Deprecated names are left out: a suggestion is never one.
 */
final class PropertyNames {

    static final String PREFIX = "clicktype.batch";

    private PropertyNames() {
    }

    /** The names, in declaration order of the getters as the JDK reports them. */
    static List<String> of(Class<?> type) {
        List<String> names = new ArrayList<>();
        collect(PREFIX, type, names);
        return names;
    }

    private static void collect(String prefix, Class<?> type, List<String> names) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            Method getter = property.getReadMethod();
            if (getter == null || getter.getDeclaringClass() == Object.class || getter.isAnnotationPresent(Deprecated.class)) {
                continue;
            }
            String name = prefix + "." + kebab(property.getName());
            Class<?> valueType = property.getPropertyType();
            if (Map.class.isAssignableFrom(valueType)) {
                Class<?> entry = ResolvableType.forMethodReturnType(getter).asMap().getGeneric(1).resolve(Object.class);
                if (isGroup(entry)) {
                    collect(name + ".*", entry, names);
                } else {
                    names.add(name + ".*");
                }
            } else if (isGroup(valueType)) {
                collect(name, valueType, names);
            } else if (property.getWriteMethod() != null) {
                names.add(name);
            }
        }
    }

    /** The last element (kebab case) of every property of type {@link java.time.Duration}, e.g. {@code max-wait}. */
    static java.util.Set<String> durationLeaves(Class<?> type) {
        java.util.Set<String> leaves = new java.util.HashSet<>();
        collectDurations(type, leaves);
        return leaves;
    }

    private static void collectDurations(Class<?> type, java.util.Set<String> leaves) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            Class<?> valueType = property.getPropertyType();
            if (valueType == java.time.Duration.class) {
                leaves.add(kebab(property.getName()));
            } else if (valueType != null && isGroup(valueType)) {
                collectDurations(valueType, leaves);
            } else if (valueType != null && Map.class.isAssignableFrom(valueType) && property.getReadMethod() != null) {
                Class<?> entry = ResolvableType.forMethodReturnType(property.getReadMethod()).asMap().getGeneric(1)
                        .resolve(Object.class);
                if (isGroup(entry)) {
                    collectDurations(entry, leaves);
                }
            }
        }
    }

    /** A nested group of properties: one of the property classes' own nested types. */
    private static boolean isGroup(Class<?> type) {
        return type.getName().startsWith(ClickTypeBatchProperties.class.getName() + "$");
    }

    /** {@code maxBufferSize} → {@code max-buffer-size}. */
    static String kebab(String camel) {
        StringBuilder kebab = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }
}
