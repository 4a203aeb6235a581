package io.clicktype.batch.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;

/**
 * What Spring AOT must know about the starter's reflection: each {@code @ClickTable} type and every record it
 * holds (a Tuple, a Nested list's elements, a geo Point; their record components or fields, accessors and
 * annotations are read once at start to build the encoder), and the
 * encoder's template class file, which {@code ColumnSequences} reads as a resource to define a hidden class
 * per row type (without it the encoder falls back to its plain loop, same bytes).
 */
final class ClickTableRuntimeHints implements BeanFactoryInitializationAotContribution {

    /** The class file the core's encoder copies per row type. */
    static final String ENCODER_TEMPLATE = "io/clicktype/batch/encoding/ColumnChain.class";

    private final List<Class<?>> rowTypes;

    ClickTableRuntimeHints(List<Class<?>> rowTypes) {
        this.rowTypes = List.copyOf(rowTypes);
    }

    @Override
    public void applyTo(org.springframework.aot.generate.GenerationContext context,
            org.springframework.beans.factory.aot.BeanFactoryInitializationCode code) {
        register(context.getRuntimeHints());
    }

    void register(RuntimeHints hints) {
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> rowType : rowTypes) {
            registerWithRecords(hints, rowType, seen);
        }
        hints.resources().registerPattern(ENCODER_TEMPLATE);
    }

    /**
     * The type, and every record it holds — a Tuple's, a Nested list's or a geo Point's record, also inside
     * lists, arrays and maps — whose components the mapping reads the same way.
     */
    private static void registerWithRecords(RuntimeHints hints, Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        hints.reflection().registerType(type, MemberCategory.ACCESS_DECLARED_FIELDS,
                MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        List<Type> held = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                held.add(component.getGenericType());
            }
        } else {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    held.add(field.getGenericType());
                }
            }
        }
        for (Type component : held) {
            for (Class<?> record : records(component)) {
                registerWithRecords(hints, record, seen);
            }
        }
    }

    /** The record classes in a component's type: itself, its type arguments, its array elements. */
    private static List<Class<?>> records(Type type) {
        List<Class<?>> found = new ArrayList<>();
        if (type instanceof Class<?> c) {
            Class<?> element = c.isArray() ? c.getComponentType() : c;
            if (element.isRecord()) {
                found.add(element);
            }
        } else if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                found.addAll(records(argument));
            }
        } else if (type instanceof GenericArrayType array) {
            found.addAll(records(array.getGenericComponentType()));
        } else if (type instanceof WildcardType wildcard) {
            found.addAll(records(wildcard.getUpperBounds()[0]));
        }
        return found;
    }
}
