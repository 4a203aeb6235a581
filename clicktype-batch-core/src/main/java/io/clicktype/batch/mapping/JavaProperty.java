package io.clicktype.batch.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Type;

/**
 * One mapped component or field of a row type, found once at mapping time.
 *
 * @param owner       the row type that declares it
 * @param javaName    component or field name
 * @param column      column name (annotation or snake_case)
 * @param type        generic Java type
 * @param pinnedType  {@code @ClickColumn(type)} or empty
 * @param getter      a direct method handle of type {@code (owner)type}
 * @param direct      whether {@code getter} is a method (usable by LambdaMetafactory), not a field
 */
record JavaProperty(Class<?> owner, String javaName, String column, Type type, String pinnedType,
                    MethodHandle getter, boolean direct) {

    /** Raw class of {@link #type()}. */
    Class<?> rawType() {
        return JavaTypes.raw(type);
    }

    /** {@code Owner.javaName}, for messages. */
    String qualifiedName() {
        return owner.getSimpleName() + "." + javaName;
    }
}
