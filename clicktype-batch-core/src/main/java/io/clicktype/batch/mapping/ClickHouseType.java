package io.clicktype.batch.mapping;

import java.util.List;

/**
 * A parsed, normalised ClickHouse data type, e.g. {@code Array(Nullable(String))}.
 *
 * <p>Immutable and thread-safe. Build one with {@link ClickHouseTypes#parse(String)}; the parser
 * already folds aliases ({@code BIGINT} to {@code Int64}), {@code Decimal32(S)} to
 * {@code Decimal(9, S)}, timezone quoting and the {@code Nullable(LowCardinality(..))} order, so two
 * types are the same column type exactly when their {@link #toString()} forms are equal.
 *
 * @param family    canonical family name, e.g. {@code Int64}, {@code Nullable}, {@code Decimal}
 * @param children  nested types for {@code Nullable}, {@code LowCardinality}, {@code Array},
 *                  {@code Map}, {@code Tuple}, {@code Nested} and {@code SimpleAggregateFunction}; empty otherwise
 * @param args      literal arguments in canonical form, e.g. {@code ["18", "4"]} for a Decimal,
 *                  {@code ["3", "'UTC'"]} for a DateTime64, {@code ["'a' = 1"]} for an Enum8, {@code ["sum"]}
 *                  for a {@code SimpleAggregateFunction(sum, UInt64)} (printed before the children)
 * @param fieldName element name inside a named {@code Tuple}, or {@code null}
 */
public record ClickHouseType(String family, List<ClickHouseType> children, List<String> args, String fieldName) {

    /** Copies the lists. */
    public ClickHouseType {
        children = List.copyOf(children);
        args = List.copyOf(args);
    }

    /** A type with neither children nor arguments, e.g. {@code Int64}. */
    public static ClickHouseType simple(String family) {
        return new ClickHouseType(family, List.of(), List.of(), null);
    }

    /** A wrapper type such as {@code Nullable(T)} or {@code Array(T)}. */
    public static ClickHouseType wrap(String family, ClickHouseType child) {
        return new ClickHouseType(family, List.of(child), List.of(), null);
    }

    /** Whether the family is {@code name}. */
    public boolean is(String name) {
        return family.equals(name);
    }

    /**
     * The width in bits of an integer family, {@code Int8} ... {@code Int256} and {@code UInt8} ... {@code UInt256}
     * (ClickHouse docs, "Int | UInt Types"); 0 for any other family. One place for the width rules that the mapping's
     * advice and the schema's conversions both judge by.
     */
    public static int integerBits(String family) {
        return switch (family) {
            case "Int8", "UInt8" -> 8;
            case "Int16", "UInt16" -> 16;
            case "Int32", "UInt32" -> 32;
            case "Int64", "UInt64" -> 64;
            case "Int128", "UInt128" -> 128;
            case "Int256", "UInt256" -> 256;
            default -> 0;
        };
    }

    /** The only (or first) nested type. */
    public ClickHouseType child() {
        return children.get(0);
    }

    /**
     * Whether a value of this type may be NULL: a {@code Nullable} (possibly inside LowCardinality), or a
     * {@code Variant} or {@code Dynamic}, which hold NULL themselves.
     */
    public boolean isNullable() {
        ClickHouseType t = withoutLowCardinality();
        return t.is("Nullable") || t.is("Variant") || t.is("Dynamic");
    }

    /**
     * This type without the outer wrappers that RowBinary writes as their inner type: {@code LowCardinality(T)}
     * and {@code SimpleAggregateFunction(f, T)} (ClickHouse docs, "SimpleAggregateFunction": "the value ... is
     * stored as T").
     */
    public ClickHouseType withoutLowCardinality() {
        ClickHouseType t = this;
        while (t.is("LowCardinality") || t.is("SimpleAggregateFunction")) {
            t = t.child();
        }
        return t;
    }

    /** The same type with a tuple element name. */
    public ClickHouseType named(String name) {
        return new ClickHouseType(family, children, args, name);
    }

    /** Integer argument {@code index}, e.g. the scale of a Decimal. */
    public int intArg(int index) {
        return Integer.parseInt(args.get(index));
    }

    /** The timezone argument of a DateTime / DateTime64 without quotes, or {@code null}. */
    public String timezone() {
        int index = is("DateTime64") ? 1 : is("DateTime") ? 0 : -1;
        if (index < 0 || args.size() <= index) {
            return null;
        }
        String quoted = args.get(index);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** Canonical text, the form ClickHouse prints, e.g. {@code Decimal(18, 4)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (fieldName != null) {
            boolean plain = io.clicktype.batch.TableRef.isPlainIdentifier(fieldName);
            text.append(plain ? fieldName : io.clicktype.batch.TableRef.quote(fieldName)).append(' ');
        }
        text.append(family);
        List<Object> inner = new java.util.ArrayList<>(args);
        inner.addAll(children);
        if (!inner.isEmpty()) {
            text.append('(');
            for (int i = 0; i < inner.size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                text.append(inner.get(i));
            }
            text.append(')');
        }
        return text.toString();
    }
}
