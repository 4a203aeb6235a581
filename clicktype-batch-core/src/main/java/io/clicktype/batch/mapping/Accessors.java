package io.clicktype.batch.mapping;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Turns a property's getter into a functional interface once, at mapping time. Getter methods
 * become LambdaMetafactory lambdas (as fast as a hand-written call after JIT); fields, or types
 * whose lookup the metafactory refuses, fall back to a wrapper around an exactly-typed
 * {@link MethodHandle}. Primitive getters get primitive interfaces, so a row is never boxed.
 */
final class Accessors {

    private Accessors() {
    }

    @SuppressWarnings("unchecked")
    static ToLongFunction<Object> ofLong(JavaProperty property) {
        Object lambda = lambda(property, ToLongFunction.class, "applyAsLong", long.class);
        if (lambda != null) {
            return (ToLongFunction<Object>) lambda;
        }
        MethodHandle handle = erased(property, long.class);
        return row -> {
            try {
                return (long) handle.invokeExact(row);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static ToDoubleFunction<Object> ofDouble(JavaProperty property) {
        Object lambda = lambda(property, ToDoubleFunction.class, "applyAsDouble", double.class);
        if (lambda != null) {
            return (ToDoubleFunction<Object>) lambda;
        }
        MethodHandle handle = erased(property, double.class);
        return row -> {
            try {
                return (double) handle.invokeExact(row);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static Predicate<Object> ofBoolean(JavaProperty property) {
        Object lambda = lambda(property, Predicate.class, "test", boolean.class);
        if (lambda != null) {
            return (Predicate<Object>) lambda;
        }
        MethodHandle handle = erased(property, boolean.class);
        return row -> {
            try {
                return (boolean) handle.invokeExact(row);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static Function<Object, Object> ofObject(JavaProperty property) {
        Object lambda = lambda(property, Function.class, "apply", Object.class);
        if (lambda != null) {
            return (Function<Object, Object>) lambda;
        }
        MethodHandle handle = erased(property, Object.class);
        return row -> {
            try {
                return (Object) handle.invokeExact(row);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        };
    }

    private static Object lambda(JavaProperty property, Class<?> iface, String method, Class<?> returnType) {
        if (!property.direct()) {
            return null;
        }
        MethodHandle getter = property.getter();
        Class<?> owner = getter.type().parameterType(0);
        try {
            MethodHandles.Lookup lookup = RowIntrospector.lookupIn(owner);
            Class<?> instantiatedReturn = returnType == Object.class ? getter.type().returnType() : returnType;
            CallSite site = LambdaMetafactory.metafactory(lookup, method, MethodType.methodType(iface),
                    MethodType.methodType(returnType, Object.class), getter,
                    MethodType.methodType(instantiatedReturn, owner));
            return site.getTarget().invoke();
        } catch (Throwable e) {
            return null;  // e.g. lookup without full privilege across class loaders: use the handle
        }
    }

    private static MethodHandle erased(JavaProperty property, Class<?> returnType) {
        return property.getter().asType(MethodType.methodType(returnType, Object.class));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
