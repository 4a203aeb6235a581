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
 * @param <T> the row type
 */
public abstract class ColumnCodec<T> {

    private final String column;
    private final String javaType;
    private final String type;

    /**
     * @param column   column name
     * @param javaType Java type of the component as users write it, e.g. {@code long}
     * @param type     canonical ClickHouse type
     */
    protected ColumnCodec(String column, String javaType, String type) {
        this.column = column;
        this.javaType = javaType;
        this.type = type;
    }

    /** Column name. */
    public final String column() {
        return column;
    }

    /** Java type of the component, for messages. */
    public final String javaType() {
        return javaType;
    }

    /** Canonical ClickHouse type, for messages. */
    public final String type() {
        return type;
    }

    /** @throws ValueRejectedException when the row's value does not fit */
    public abstract void validate(T row);

    /** @throws ValueRejectedException when the row's value does not fit */
    public abstract void encode(T row, RowBuffer out);

    /** A column of a reference type. */
    public static <T> ColumnCodec<T> ofObject(String column, String javaType, Function<? super T, ?> getter,
                                              ValueWriter writer) {
        return new ColumnCodec<>(column, javaType, writer.type()) {
            @Override
            public void validate(T row) {
                writer.check(getter.apply(row));
            }

            @Override
            public void encode(T row, RowBuffer out) {
                writer.write(getter.apply(row), out);
            }
        };
    }

    /**
     * A column of a primitive integral type ({@code long}, {@code int}, {@code short},
     * {@code byte}); {@code nullable} writes the Nullable flag 0 first.
     */
    public static <T> ColumnCodec<T> ofLong(String column, String javaType, String type, ToLongFunction<? super T> getter,
                                            LongSink sink, boolean nullable) {
        return new ColumnCodec<>(column, javaType, type) {
            @Override
            public void validate(T row) {
                sink.checkLong(getter.applyAsLong(row));
            }

            @Override
            public void encode(T row, RowBuffer out) {
                if (nullable) {
                    out.writeByte(0);
                }
                sink.writeLong(getter.applyAsLong(row), out);
            }
        };
    }

    /** A column of a primitive {@code double} or {@code float}. */
    public static <T> ColumnCodec<T> ofDouble(String column, String javaType, String type,
                                              ToDoubleFunction<? super T> getter, DoubleSink sink, boolean nullable) {
        return new ColumnCodec<>(column, javaType, type) {
            @Override
            public void validate(T row) {
                // every double fits a Float32/Float64 column
            }

            @Override
            public void encode(T row, RowBuffer out) {
                if (nullable) {
                    out.writeByte(0);
                }
                sink.writeDouble(getter.applyAsDouble(row), out);
            }
        };
    }

    /** A column of a primitive {@code boolean}. */
    public static <T> ColumnCodec<T> ofBoolean(String column, String javaType, String type,
                                               Predicate<? super T> getter, BooleanSink sink, boolean nullable) {
        return new ColumnCodec<>(column, javaType, type) {
            @Override
            public void validate(T row) {
                // a boolean always fits
            }

            @Override
            public void encode(T row, RowBuffer out) {
                if (nullable) {
                    out.writeByte(0);
                }
                sink.writeBoolean(getter.test(row), out);
            }
        };
    }

    /**
     * A {@code String} component in a String (or {@code LowCardinality}) column, the most common
     * case, encoded without going through a {@link ValueWriter}.
     *
     * @param nullable whether the column is {@code Nullable(String)}
     */
    public static <T> ColumnCodec<T> ofString(String column, String type, Function<? super T, ?> getter,
                                              boolean nullable) {
        return new ColumnCodec<>(column, "String", type) {
            @Override
            public void validate(T row) {
                Object value = getter.apply(row);
                if (value == null && !nullable) {
                    throw nullString();
                }
            }

            @Override
            public void encode(T row, RowBuffer out) {
                Object value = getter.apply(row);
                if (nullable) {
                    if (value == null) {
                        out.writeByte(1);
                        return;
                    }
                    out.writeByte(0);
                } else if (value == null) {
                    throw nullString();
                }
                Utf8.writeWithLength((String) value, out);
            }
        };
    }

    private static ValueRejectedException nullString() {
        return new ValueRejectedException("null is not allowed in String; set a value or make the column Nullable(String)");
    }

    /** A column whose mapping is unusable; every row is rejected with {@code reason}. */
    public static <T> ColumnCodec<T> rejecting(String column, String javaType, String type, String reason) {
        return new ColumnCodec<>(column, javaType, type) {
            @Override
            public void validate(T row) {
                throw new ValueRejectedException(reason);
            }

            @Override
            public void encode(T row, RowBuffer out) {
                throw new ValueRejectedException(reason);
            }
        };
    }
}
