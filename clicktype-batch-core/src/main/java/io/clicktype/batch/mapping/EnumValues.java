package io.clicktype.batch.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code 'name' = value} pairs of an {@code Enum8}/{@code Enum16} type. Thread-safe (immutable
 * after parsing).
 */
final class EnumValues {

    private EnumValues() {
    }

    /** Normalises raw enum arguments; {@code Enum} without width becomes Enum8 or Enum16. */
    static ClickHouseType normalize(String family, List<String> rawArgs) {
        Map<String, Integer> values = parse(rawArgs);
        String width = family;
        if (family.equals("Enum")) {
            boolean fits8 = true;
            for (int value : values.values()) {
                fits8 &= value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
            }
            width = fits8 ? "Enum8" : "Enum16";
        }
        return new ClickHouseType(width, List.of(), render(values), null);
    }

    /** Renders {@code 'name' = value} arguments as ClickHouse prints them. */
    static List<String> render(Map<String, Integer> values) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : values.entrySet()) {
            args.add("'" + entry.getKey().replace("\\", "\\\\").replace("'", "\\'") + "' = " + entry.getValue());
        }
        return args;
    }

    /** Name to value, in declaration order. */
    static Map<String, Integer> of(ClickHouseType enumType) {
        return parse(enumType.args());
    }

    private static Map<String, Integer> parse(List<String> rawArgs) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String arg : rawArgs) {
            if (!arg.startsWith("'")) {
                throw new IllegalArgumentException("enum element must be 'name' = value, got " + arg);
            }
            StringBuilder name = new StringBuilder();
            int i = 1;
            for (; i < arg.length(); i++) {
                char c = arg.charAt(i);
                if (c == '\\' && i + 1 < arg.length()) {
                    name.append(arg.charAt(++i));
                } else if (c == '\'') {
                    break;
                } else {
                    name.append(c);
                }
            }
            String rest = arg.substring(i + 1).strip();
            if (!rest.startsWith("=")) {
                throw new IllegalArgumentException("enum element must be 'name' = value, got " + arg);
            }
            values.put(name.toString(), Integer.parseInt(rest.substring(1).strip()));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("enum without values");
        }
        return values;
    }
}
