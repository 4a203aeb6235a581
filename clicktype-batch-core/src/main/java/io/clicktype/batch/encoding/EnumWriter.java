package io.clicktype.batch.encoding;

import java.util.Arrays;
import java.util.Map;

/**
 * Enum8 / Enum16: the value (Int8 / Int16) of the element whose name equals the Java enum
 * constant's {@link Enum#name()} (or the {@link String}). The codes are looked up by ordinal at
 * mapping time, so a row costs one array read; a name the column does not declare is rejected.
 */
public final class EnumWriter extends ValueWriter {

    private static final int MISSING = Integer.MIN_VALUE;

    private final boolean wide;
    private final Map<String, Integer> values;
    private final int[] codeByOrdinal;
    private final Class<?> javaEnum;

    /**
     * @param values    the column's {@code name -> value} pairs
     * @param javaEnum  the Java enum mapped onto it, or {@code null} when values are Strings
     */
    public EnumWriter(String type, Map<String, Integer> values, Class<? extends Enum<?>> javaEnum) {
        super(type);
        this.wide = type.startsWith("Enum16");
        this.values = Map.copyOf(values);
        Enum<?>[] constants = javaEnum == null ? new Enum<?>[0] : javaEnum.getEnumConstants();
        this.codeByOrdinal = new int[constants.length];
        this.javaEnum = javaEnum;
        Arrays.fill(codeByOrdinal, MISSING);
        for (Enum<?> constant : constants) {
            Integer code = values.get(constant.name());
            if (code != null) {
                codeByOrdinal[constant.ordinal()] = code;
            }
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        code(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        int code = code(value);
        if (wide) {
            out.writeShortLE(code);
        } else {
            out.writeByte(code);
        }
    }

    private int code(Object value) {
        if (value instanceof Enum<?> constant) {
            int ordinal = constant.ordinal();
            int code = constant.getDeclaringClass() == javaEnum
                    ? codeByOrdinal[ordinal] : lookup(constant.name());
            if (code == MISSING) {
                throw unknown(constant.name());
            }
            return code;
        }
        if (value instanceof String name) {
            int code = lookup(name);
            if (code == MISSING) {
                throw unknown("(String of length " + name.length() + ")");
            }
            return code;
        }
        throw wrongClass(value);
    }

    private int lookup(String name) {
        Integer code = values.get(name);
        return code == null ? MISSING : code;
    }

    private ValueRejectedException unknown(String name) {
        return new ValueRejectedException("enum name " + name + " is not a value of " + type()
                + "; add it to the column's enum or map it to an existing name");
    }
}
