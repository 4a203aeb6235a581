package io.clicktype.batch.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.function.Function;

/**
 * Serialises objects (records, POJOs, Jackson {@code JsonNode}s) to JSON text with Jackson when the application has
 * it — Jackson 3 ({@code tools.jackson.databind}, Spring Boot 4's default) first, else Jackson 2
 * ({@code com.fasterxml.jackson}); a {@code JsonNode} by the Jackson it belongs to — so that the core needs no
 * Jackson dependency: the mapper class is looked up once, at mapping time, and called through a method handle
 * bound to one {@code JsonMapper}. The mapper is Jackson's default but for {@code JsonWriteFeature.WRITE_NAN_AS_STRINGS},
 * which is off: a {@code double} or {@code float} NaN or infinity is written as the bare token {@code NaN},
 * {@code Infinity} or {@code -Infinity} (not JSON, RFC 8259), which the JSON check then refuses naming its path,
 * instead of the string {@code "NaN"} that nothing could tell from a real string (JSON has no NaN, so no rule of
 * Jackson's makes a number of it). Thread-safe (Jackson mappers are).
 */
final class JacksonJson {

    private static final String JACKSON_3 = "tools.jackson.databind.json.JsonMapper";
    private static final String JACKSON_2 = "com.fasterxml.jackson.databind.json.JsonMapper";
    private static final String[] MAPPERS = {JACKSON_3, JACKSON_2};

    private JacksonJson() {
    }

    /**
     * A function from an object to its JSON text, by a Jackson {@code JsonMapper} found through the class loader of
     * {@code type}.
     *
     * @throws IncompatibleTypeException naming the dependency to add when neither Jackson is on the class path
     */
    static Function<Object, String> serializer(Class<?> type) throws IncompatibleTypeException {
        return serializer(type, loaderOf(type));
    }

    /**
     * As {@link #serializer(Class)}, looking Jackson up in {@code loader}. Where the mapper is Jackson 3 and Jackson 2
     * is there too, a Jackson 2 {@code JsonNode} (in a component declared {@code Object}) goes to a Jackson 2 mapper:
     * Jackson 3 would write it as a bean ({@code {"array":false,...}}).
     */
    static Function<Object, String> serializer(Class<?> type, ClassLoader loader) throws IncompatibleTypeException {
        for (String name : MAPPERS) {
            Class<?> mapperClass;
            try {
                mapperClass = Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            Function<Object, String> writer = writer(mapperClass, type);
            Class<?> jackson2Mapper = name.equals(JACKSON_3) ? load(JACKSON_2, loader) : null;
            Class<?> jackson2Node = jackson2Mapper == null ? null : load("com.fasterxml.jackson.databind.JsonNode",
                    loader);
            if (jackson2Node == null) {
                return writer;
            }
            Function<Object, String> jackson2 = writer(jackson2Mapper, type);
            return value -> jackson2Node.isInstance(value) ? jackson2.apply(value) : writer.apply(value);
        }
        throw new IncompatibleTypeException("writing a `" + type.getSimpleName() + "` into a JSON column needs Jackson "
                + "on the class path (tools.jackson.core:jackson-databind, which Spring Boot 4 brings, or "
                + "com.fasterxml.jackson.core:jackson-databind); add it, or declare the component a String of JSON text, "
                + "a Map<String, Object> or a JsonNode", true);
    }

    /**
     * A function from a {@code JsonNode} of class {@code node} (or a subclass) to its JSON text, by a mapper of the
     * same Jackson (2 or 3; a Jackson 3 mapper would write a Jackson 2 node as a bean).
     *
     * @throws IncompatibleTypeException when that Jackson's mapper cannot be created
     */
    static Function<Object, String> nodeSerializer(Class<?> node) throws IncompatibleTypeException {
        String name = node.getName().startsWith("tools.jackson.") ? JACKSON_3 : JACKSON_2;
        try {
            return writer(Class.forName(name, true, loaderOf(node)), node);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IncompatibleTypeException("cannot load " + name + " to write a `" + node.getSimpleName()
                    + "` as JSON: " + e, true);
        }
    }

    private static Function<Object, String> writer(Class<?> mapperClass, Class<?> type) throws IncompatibleTypeException {
        try {
            Object mapper = withoutNanAsStrings(mapperClass);
            MethodHandle write = MethodHandles.publicLookup().findVirtual(mapperClass, "writeValueAsString",
                    MethodType.methodType(String.class, Object.class)).bindTo(mapper);
            return value -> {
                try {
                    return (String) write.invokeExact(value);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new IncompatibleTypeException("cannot create a " + mapperClass.getName() + " to write `"
                    + type.getSimpleName() + "` as JSON: " + e, true);
        }
    }

    /** {@code JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build()}, by reflection. */
    private static Object withoutNanAsStrings(Class<?> mapperClass) throws ReflectiveOperationException {
        String core = mapperClass.getName().startsWith("tools.") ? "tools.jackson.core" : "com.fasterxml.jackson.core";
        Class<?> feature = Class.forName(core + ".json.JsonWriteFeature", true, mapperClass.getClassLoader());
        Object features = Array.newInstance(feature, 1);
        Array.set(features, 0, feature.getMethod("valueOf", String.class).invoke(null, "WRITE_NAN_AS_STRINGS"));
        Object builder = mapperClass.getMethod("builder").invoke(null);
        builder = builder.getClass().getMethod("disable", features.getClass()).invoke(builder, features);
        return builder.getClass().getMethod("build").invoke(builder);
    }

    /** The class {@code name} in {@code loader}, or {@code null}. */
    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static ClassLoader loaderOf(Class<?> type) {
        return type.getClassLoader() != null ? type.getClassLoader() : JacksonJson.class.getClassLoader();
    }
}
