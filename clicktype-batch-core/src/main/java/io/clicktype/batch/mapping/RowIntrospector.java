package io.clicktype.batch.mapping;

import io.clicktype.batch.ClickColumn;
import io.clicktype.batch.ClickIgnore;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ColumnNamingStrategy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the mapped properties of a row type: a record's components in declaration order, or a
 * class's non-static, non-transient fields (superclass fields first), read through a getter
 * ({@code getX()}, {@code isX()} or {@code x()}) when there is one, else the field itself.
 * Runs once per type; reflection is used here and never per row.
 */
final class RowIntrospector {

    private RowIntrospector() {
    }

    /**
     * @throws IllegalArgumentException when the type cannot be read (for example a package not
     *                                  opened to this library in a named module)
     */
    static List<JavaProperty> properties(Class<?> rowType) {
        MethodHandles.Lookup lookup = lookupIn(rowType);
        List<JavaProperty> properties = new ArrayList<>();
        try {
            if (rowType.isRecord()) {
                for (RecordComponent component : rowType.getRecordComponents()) {
                    Method accessor = component.getAccessor();
                    Field field = rowType.getDeclaredField(component.getName());
                    if (ignored(component, accessor, field)) {
                        continue;
                    }
                    ClickColumn annotation = annotation(component, accessor, field);
                    properties.add(property(rowType, component.getName(), component.getGenericType(), annotation,
                            lookup.unreflect(accessor), true));
                }
                return properties;
            }
            List<Class<?>> hierarchy = new ArrayList<>();
            for (Class<?> c = rowType; c != null && c != Object.class; c = c.getSuperclass()) {
                hierarchy.add(0, c);
            }
            for (Class<?> declaring : hierarchy) {
                MethodHandles.Lookup declaringLookup = lookupIn(declaring);
                for (Field field : declaring.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                        continue;
                    }
                    Method getter = getter(declaring, field);
                    if (ignored(field, getter, null)) {
                        continue;
                    }
                    ClickColumn annotation = annotation(field, getter, null);
                    MethodHandle handle = getter != null ? declaringLookup.unreflect(getter)
                            : declaringLookup.unreflectGetter(field);
                    properties.add(property(rowType, field.getName(), field.getGenericType(), annotation,
                            handle, getter != null));
                }
            }
            return properties;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot read the components of " + rowType.getName() + ": " + e, e);
        }
    }

    private static JavaProperty property(Class<?> owner, String name, java.lang.reflect.Type type,
                                         ClickColumn annotation, MethodHandle getter, boolean direct) {
        ClickTable table = owner.getAnnotation(ClickTable.class);
        boolean asIs = table != null && table.naming() == ColumnNamingStrategy.AS_IS;
        String column = annotation != null && !annotation.name().isEmpty() ? annotation.name()
                : asIs ? name : ColumnNaming.snakeCase(name);
        String pinned = annotation == null ? "" : annotation.type();
        return new JavaProperty(owner, name, column, type, pinned, getter, direct);
    }

    static MethodHandles.Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("Cannot read " + type.getName() + ": open its package to module "
                    + "io.clicktype.batch (opens " + type.getPackageName() + ")", e);
        }
    }

    private static Method getter(Class<?> declaring, Field field) {
        String name = field.getName();
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : new String[] {"get" + capitalised, "is" + capitalised, name}) {
            try {
                Method method = declaring.getDeclaredMethod(candidate);
                if (method.getReturnType() == field.getType() && !Modifier.isStatic(method.getModifiers())) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // try the next naming convention
            }
        }
        return null;
    }

    private static boolean ignored(AnnotatedElement... elements) {
        for (AnnotatedElement element : elements) {
            if (element == null) {
                continue;
            }
            ClickColumn column = element.getAnnotation(ClickColumn.class);
            if (element.isAnnotationPresent(ClickIgnore.class) || column != null && column.ignore()) {
                return true;
            }
        }
        return false;
    }

    private static ClickColumn annotation(AnnotatedElement... elements) {
        for (AnnotatedElement element : elements) {
            if (element != null && element.getAnnotation(ClickColumn.class) != null) {
                return element.getAnnotation(ClickColumn.class);
            }
        }
        return null;
    }
}
