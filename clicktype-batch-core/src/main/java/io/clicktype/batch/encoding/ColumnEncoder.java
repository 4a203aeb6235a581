package io.clicktype.batch.encoding;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Reads one column's value from a row and checks or writes it. Primitive components are read and
 * written without boxing ({@link #ofLong}, {@link #ofDouble}, {@link #ofBoolean}). Stateless and
 * thread-safe.
 *
 * <p>The implementations are records on purpose: the JIT trusts a record's final fields as
 * constants, so once a {@link ColumnChain} makes the codec itself a constant, its getter and writer
 * are inlined too.
 *
 * @param <T> the row type
 */
public interface ColumnEncoder<T> {

    /** Column name. */
    String column();

    /** Java type of the component as users write it, e.g. {@code long}; for messages. */
    String javaType();

    /** Canonical ClickHouse type, for messages. */
    String type();

    /** @throws ValueRejectedException when the row's value does not fit */
    void validate(T row);

    /** @throws ValueRejectedException when the row's value does not fit */
    void encode(T row, RowBuffer out);

    /** A column of a reference type, written by {@code writer}. */
    static <T> ColumnEncoder<T> ofObject(String column, String javaType, Function<? super T, ?> getter,
                                       ValueWriter writer) {
        return new ObjectColumn<>(column, javaType, writer.type(), getter, writer);
    }

    /**
     * A column of a primitive integral type ({@code long}, {@code int}, {@code short},
     * {@code byte}); {@code nullable} writes the Nullable flag 0 first.
     */
    static <T> ColumnEncoder<T> ofLong(String column, String javaType, String type, ToLongFunction<? super T> getter,
                                     LongSink sink, boolean nullable) {
        return new LongColumn<>(column, javaType, type, getter, sink, nullable);
    }

    /** A column of a primitive {@code double} or {@code float}. */
    static <T> ColumnEncoder<T> ofDouble(String column, String javaType, String type,
                                       ToDoubleFunction<? super T> getter, DoubleSink sink, boolean nullable) {
        return new DoubleColumn<>(column, javaType, type, getter, sink, nullable);
    }

    /** A column of a primitive {@code boolean}. */
    static <T> ColumnEncoder<T> ofBoolean(String column, String javaType, String type, Predicate<? super T> getter,
                                        BooleanSink sink, boolean nullable) {
        return new BooleanColumn<>(column, javaType, type, getter, sink, nullable);
    }

    /**
     * A {@code String} component in a String (or {@code LowCardinality}) column, the most common
     * case, encoded without going through a {@link ValueWriter}.
     *
     * @param nullable whether the column is {@code Nullable(String)}
     */
    static <T> ColumnEncoder<T> ofString(String column, String type, Function<? super T, ?> getter, boolean nullable) {
        return new StringColumn<>(column, type, getter, nullable);
    }

    /** A column whose mapping is unusable; every row is rejected with {@code reason}. */
    static <T> ColumnEncoder<T> rejecting(String column, String javaType, String type, String reason) {
        return new RejectingColumn<>(column, javaType, type, reason);
    }
}
