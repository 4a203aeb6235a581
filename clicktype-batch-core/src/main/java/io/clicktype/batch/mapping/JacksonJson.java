package io.clicktype.batch.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;

/**
 * Serialises objects (records, POJOs) to JSON text with Jackson when the application has it — Jackson 3
 * ({@code tools.jackson.databind}, Spring Boot 4's default) first, else Jackson 2 ({@code com.fasterxml.jackson}) —
 * so that the core needs no Jackson dependency: the mapper class is looked up once, at mapping time, and called
 * through a method handle bound to one default {@code JsonMapper}. Thread-safe (Jackson mappers are).
 */
final class JacksonJson {

    private static final String[] MAPPERS = {"tools.jackson.databind.json.JsonMapper",
            "com.fasterxml.jackson.databind.json.JsonMapper"};

    private JacksonJson() {
    }

    /**
     * A function from an object to its JSON text, by a default Jackson {@code JsonMapper} found through the class
     * loader of {@code type}.
     *
     * @throws IncompatibleTypeException naming the dependency to add when neither Jackson is on the class path
     */
    static Function<Object, String> serializer(Class<?> type) throws IncompatibleTypeException {
        return serializer(type, type.getClassLoader() != null ? type.getClassLoader()
                : JacksonJson.class.getClassLoader());
    }

    /** As {@link #serializer(Class)}, looking Jackson up in {@code loader}. */
    static Function<Object, String> serializer(Class<?> type, ClassLoader loader) throws IncompatibleTypeException {
        for (String name : MAPPERS) {
            Class<?> mapperClass;
            try {
                mapperClass = Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            try {
                Object mapper = mapperClass.getConstructor().newInstance();
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
                throw new IncompatibleTypeException("cannot create a " + name + " to write `" + type.getSimpleName()
                        + "` as JSON: " + e, true);
            }
        }
        throw new IncompatibleTypeException("writing a `" + type.getSimpleName() + "` into a JSON column needs Jackson "
                + "on the class path (tools.jackson.core:jackson-databind, which Spring Boot 4 brings, or "
                + "com.fasterxml.jackson.core:jackson-databind); add it, or declare the component a String of JSON text, "
                + "a Map<String, Object> or a JsonNode", true);
    }
}
