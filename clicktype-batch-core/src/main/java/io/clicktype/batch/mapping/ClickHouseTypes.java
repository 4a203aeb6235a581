package io.clicktype.batch.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses ClickHouse type strings into normalised {@link ClickHouseType}s.
 *
 * <p>Normalisation folds what differs only in spelling: whitespace, SQL aliases
 * ({@code BOOLEAN}, {@code INT}, {@code BIGINT}, {@code TEXT}, {@code VARCHAR(255)}, ...),
 * {@code Decimal32/64/128/256(S)} into {@code Decimal(P, S)}, unquoted timezones, enum spacing,
 * {@code Enum} without width, and {@code Nullable(LowCardinality(T))} into
 * {@code LowCardinality(Nullable(T))}. Stateless and thread-safe.
 */
public final class ClickHouseTypes {

    /** Case-insensitive SQL aliases that ClickHouse accepts, upper-cased. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("BOOL", "Bool"), Map.entry("BOOLEAN", "Bool"),
            Map.entry("TINYINT", "Int8"), Map.entry("INT1", "Int8"), Map.entry("BYTE", "Int8"),
            Map.entry("SMALLINT", "Int16"), Map.entry("INT2", "Int16"),
            Map.entry("INT", "Int32"), Map.entry("INTEGER", "Int32"), Map.entry("INT4", "Int32"),
            Map.entry("MEDIUMINT", "Int32"),
            Map.entry("BIGINT", "Int64"), Map.entry("SIGNED", "Int64"),
            Map.entry("UNSIGNED", "UInt64"),
            Map.entry("FLOAT", "Float32"), Map.entry("REAL", "Float32"), Map.entry("SINGLE", "Float32"),
            Map.entry("DOUBLE", "Float64"), Map.entry("DOUBLE PRECISION", "Float64"),
            Map.entry("TEXT", "String"), Map.entry("VARCHAR", "String"), Map.entry("CHAR", "String"),
            Map.entry("NCHAR", "String"), Map.entry("NVARCHAR", "String"), Map.entry("CHARACTER", "String"),
            Map.entry("VARCHAR2", "String"), Map.entry("CLOB", "String"), Map.entry("BLOB", "String"),
            Map.entry("TINYTEXT", "String"), Map.entry("MEDIUMTEXT", "String"), Map.entry("LONGTEXT", "String"),
            Map.entry("TINYBLOB", "String"), Map.entry("MEDIUMBLOB", "String"), Map.entry("LONGBLOB", "String"),
            Map.entry("BYTEA", "String"), Map.entry("BINARY", "FixedString"),
            Map.entry("DEC", "Decimal"), Map.entry("DECIMAL", "Decimal"), Map.entry("NUMERIC", "Decimal"),
            Map.entry("FIXED", "Decimal"), Map.entry("TIMESTAMP", "DateTime"), Map.entry("DATETIME", "DateTime"),
            Map.entry("DATE", "Date"), Map.entry("UUID", "UUID"), Map.entry("ENUM", "Enum"));

    private static final Set<String> WRAPPERS = Set.of("Nullable", "LowCardinality", "Array", "Map", "Tuple", "Nested",
            "SimpleAggregateFunction", "Variant");

    /** Wrappers whose arguments are elements with optional names: {@code Tuple(a T, b U)}, {@code Nested(a T)}. */
    private static final Set<String> NAMED_ELEMENTS = Set.of("Tuple", "Nested");

    private ClickHouseTypes() {
    }

    /**
     * Parses and normalises a type string.
     *
     * @throws IllegalArgumentException when the text is not a well-formed type
     */
    public static ClickHouseType parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty ClickHouse type");
        }
        try {
            return parseType(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot parse ClickHouse type '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The canonical text of a type string, for comparisons. */
    public static String normalize(String text) {
        return parse(text).toString();
    }

    private static ClickHouseType parseType(String text) {
        int open = text.indexOf('(');
        String head = (open < 0 ? text : text.substring(0, open)).strip().replaceAll("\\s+", " ");
        List<String> rawArgs = open < 0 ? List.of() : splitArgs(text, open);
        String family = canonicalFamily(head);
        if (family.equals("SimpleAggregateFunction")) {
            // SimpleAggregateFunction(f, T): a function name (with its parameters, e.g. quantile(0.5)) and T
            if (rawArgs.size() != 2) {
                throw new IllegalArgumentException("SimpleAggregateFunction takes a function and a type, got "
                        + rawArgs.size() + " argument(s)");
            }
            return new ClickHouseType(family, List.of(parseType(rawArgs.get(1))), List.of(rawArgs.get(0)), null);
        }
        if (WRAPPERS.contains(family)) {
            List<ClickHouseType> children = new ArrayList<>();
            for (String arg : rawArgs) {
                children.add(NAMED_ELEMENTS.contains(family) ? parseTupleElement(arg) : parseType(arg));
            }
            return wrapper(family, children);
        }
        return leaf(family, rawArgs);
    }

    private static ClickHouseType parseTupleElement(String arg) {
        if (arg.startsWith("`")) {
            int end = arg.indexOf('`', 1);
            if (end > 0) {
                return parseType(arg.substring(end + 1).strip()).named(arg.substring(1, end));
            }
        }
        int space = firstSpaceBeforeParen(arg);
        if (space > 0) {
            String name = arg.substring(0, space);
            String rest = arg.substring(space + 1).strip();
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*") && !isKnownMultiWord(name + " " + rest)) {
                return parseType(rest).named(name);
            }
        }
        return parseType(arg);
    }

    private static boolean isKnownMultiWord(String text) {
        return ALIASES.containsKey(text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " "));
    }

    private static int firstSpaceBeforeParen(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '(') {
                return -1;
            }
            if (Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    private static ClickHouseType wrapper(String family, List<ClickHouseType> children) {
        if (family.equals("Nullable") && children.get(0).is("LowCardinality")) {
            // ClickHouse prints LowCardinality(Nullable(T)); both spellings are the same column type.
            return ClickHouseType.wrap("LowCardinality", ClickHouseType.wrap("Nullable", children.get(0).child()));
        }
        int expected = switch (family) {
            case "Map" -> 2;
            case "Tuple", "Nested", "Variant" -> -1;
            default -> 1;
        };
        if (expected > 0 && children.size() != expected || children.isEmpty()) {
            throw new IllegalArgumentException(family + " takes " + (expected > 0 ? expected : "at least 1")
                    + " type argument(s), got " + children.size());
        }
        return new ClickHouseType(family, children, List.of(), null);
    }

    private static ClickHouseType leaf(String family, List<String> rawArgs) {
        switch (family) {
            case "Decimal":
                int precision = rawArgs.isEmpty() ? 10 : Integer.parseInt(rawArgs.get(0));
                int scale = rawArgs.size() < 2 ? 0 : Integer.parseInt(rawArgs.get(1));
                return decimal(precision, scale);
            case "Decimal32":
                return decimal(9, Integer.parseInt(rawArgs.get(0)));
            case "Decimal64":
                return decimal(18, Integer.parseInt(rawArgs.get(0)));
            case "Decimal128":
                return decimal(38, Integer.parseInt(rawArgs.get(0)));
            case "Decimal256":
                return decimal(76, Integer.parseInt(rawArgs.get(0)));
            case "String":
                return ClickHouseType.simple("String");  // VARCHAR(255) and friends: length is ignored
            case "FixedString":
                return new ClickHouseType(family, List.of(), List.of(String.valueOf(Integer.parseInt(rawArgs.get(0)))), null);
            case "DateTime":
                return new ClickHouseType(family, List.of(), rawArgs.isEmpty() ? List.of() : List.of(quote(rawArgs.get(0))), null);
            case "DateTime64":
                List<String> args = new ArrayList<>();
                args.add(String.valueOf(rawArgs.isEmpty() ? 3 : Integer.parseInt(rawArgs.get(0))));
                if (rawArgs.size() > 1) {
                    args.add(quote(rawArgs.get(1)));
                }
                return new ClickHouseType(family, List.of(), args, null);
            case "Enum", "Enum8", "Enum16":
                return EnumValues.normalize(family, rawArgs);
            default:
                return new ClickHouseType(family, List.of(), rawArgs, null);
        }
    }

    private static ClickHouseType decimal(int precision, int scale) {
        if (precision < 1 || precision > 76 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("Decimal(" + precision + ", " + scale
                    + ") needs 1 <= precision <= 76 and 0 <= scale <= precision");
        }
        return new ClickHouseType("Decimal", List.of(), List.of(String.valueOf(precision), String.valueOf(scale)), null);
    }

    private static String quote(String value) {
        String bare = value.strip();
        if (bare.length() >= 2 && bare.startsWith("'") && bare.endsWith("'")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return "'" + bare + "'";
    }

    private static String canonicalFamily(String head) {
        if (head.isEmpty() || !head.matches("[A-Za-z_][A-Za-z0-9_ ]*")) {
            throw new IllegalArgumentException("bad type name '" + head + "'");
        }
        if (head.equals("DateTime32")) {
            return "DateTime";  // the same type; the server prints it DateTime
        }
        String alias = ALIASES.get(head.toUpperCase(Locale.ROOT));
        if (alias != null && !isExactFamily(head)) {
            return alias;
        }
        if (head.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("unknown type '" + head + "'");
        }
        return head;
    }

    private static boolean isExactFamily(String head) {
        // ClickHouse's own names are case-sensitive and win over aliases (Int8 is not an alias).
        return Character.isUpperCase(head.charAt(0)) && !head.equals(head.toUpperCase(Locale.ROOT))
                || head.equals("UUID");
    }

    /** Splits the top-level, comma-separated arguments between {@code text[open]} and its match. */
    static List<String> splitArgs(String text, int open) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
                continue;
            }
            if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    addArg(args, text.substring(start, i));
                    if (!text.substring(i + 1).isBlank()) {
                        throw new IllegalArgumentException("unexpected text after ')'");
                    }
                    return args;
                }
            } else if (c == ',' && depth == 1) {
                addArg(args, text.substring(start, i));
                start = i + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses");
    }

    private static void addArg(List<String> args, String arg) {
        String stripped = arg.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("empty argument");
        }
        args.add(stripped);
    }
}
