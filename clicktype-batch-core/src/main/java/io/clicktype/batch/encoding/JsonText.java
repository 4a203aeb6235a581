package io.clicktype.batch.encoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * JSON text for the {@code JSON} column type, sent as a string with {@code input_format_binary_read_json_as_string=1}:
 * a syntax check of text (RFC 8259), so that a malformed document is refused on the caller's thread instead of
 * failing the whole batch at the server ("Cannot read JSON object from JSON element"), and the text of a
 * {@link Map}. ClickHouse wants an object at the top level. The same walk checks the values at typed paths
 * ({@link JsonTypedPaths}, {@link JsonPathRule}) and that every number is one ClickHouse reads (Int64, UInt64 or
 * Float64); a NaN or infinity, in a map or as a token in text, is refused naming its path
 * ({@link NonFiniteJsonNumber}). Stateless, thread-safe.
 */
final class JsonText {

    private JsonText() {
    }

    /** What is wrong with {@code text} as a JSON object, or {@code null} when it is one. */
    static String objectError(String text) {
        return objectError(text, JsonTypedPaths.NONE);
    }

    /**
     * What is wrong with {@code text} as a JSON object whose typed paths are {@code paths}, or {@code null} when it
     * is one and every typed path present holds a value the server converts ({@link JsonPathRule}). One walk.
     */
    static String objectError(String text, JsonTypedPaths paths) {
        Parser parser = new Parser(text);
        parser.space();
        if (parser.pos >= text.length() || text.charAt(parser.pos) != '{') {
            return "the JSON column needs a JSON object ({...}) at the top level";
        }
        try {
            parser.value(0, paths.isEmpty() ? null : paths.root);
            parser.space();
            if (parser.pos != text.length()) {
                throw parser.error("text after the object");
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The JSON text of a map: keys as strings; values null, {@link CharSequence}, {@link Boolean}, {@link Number}
     * (finite), {@link Map}, {@link Collection} or object arrays thereof, anything else by {@code toString()} as a
     * string.
     *
     * @throws IllegalArgumentException for a null key
     * @throws NonFiniteJsonNumber for a {@code Double} or {@code Float} NaN or infinity, naming its path
     */
    static String of(Map<?, ?> map) {
        StringBuilder out = new StringBuilder(64);
        append(map, out, 0);
        return out.toString();
    }

    private static void append(Object value, StringBuilder out, int depth) {
        if (depth > 1000) {
            throw new IllegalArgumentException("nested deeper than 1000 levels (a map that contains itself?)");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NonFiniteJsonNumber("a " + value.getClass().getSimpleName() + " " + value);
            }
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new IllegalArgumentException("a JSON object has no null key");
                }
                out.append(first ? "" : ",");
                first = false;
                string(entry.getKey().toString(), out);
                out.append(':');
                try {
                    append(entry.getValue(), out, depth + 1);
                } catch (NonFiniteJsonNumber e) {
                    throw e.underKey(entry.getKey().toString());
                }
            }
            out.append('}');
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            Iterable<?> items = value instanceof Collection<?> c ? c : java.util.Arrays.asList((Object[]) value);
            out.append('[');
            int index = 0;
            for (Object item : items) {
                out.append(index == 0 ? "" : ",");
                try {
                    append(item, out, depth + 1);
                } catch (NonFiniteJsonNumber e) {
                    throw e.underIndex(index);
                }
                index++;
            }
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The limits of any JSON integer ClickHouse reads: -2^63 .. 2^64 - 1. */
    private static final JsonPathRule LIMITS = JsonPathRule.integerLimits();

    /** A recursive-descent recogniser; allocates only for an error message, an escaped key and rare numbers. */
    private static final class Parser {

        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        /** A value; {@code node} is where the walk stands among the typed paths, {@code null} below none. */
        void value(int depth, JsonTypedPaths.Node node) {
            if (depth > 1000) {
                throw error("nested deeper than 1000 levels");
            }
            space();
            if (pos >= text.length()) {
                throw error("a value is missing");
            }
            JsonPathRule rule = node == null ? null : node.rule;
            int start = pos;
            char c = text.charAt(pos);
            switch (c) {
                case '{' -> {
                    if (rule != null) {
                        throw typed(node, start, start + 1, "a JSON object");
                    }
                    object(depth, node);
                }
                case '[' -> {
                    if (rule != null) {
                        throw typed(node, start, start + 1, "a JSON array");
                    }
                    array(depth);
                }
                case '"' -> {
                    boolean escaped = string();
                    if (rule != null && !escaped && !rule.acceptsString(text, start + 1, pos - 1)) {
                        throw typed(node, start, pos, "a JSON string");
                    }
                }
                case 't', 'f' -> {
                    literal(c == 't' ? "true" : "false");
                    if (rule != null && !rule.acceptsBoolean()) {
                        throw typed(node, start, pos, "a JSON boolean");
                    }
                }
                case 'n' -> {
                    if (!text.startsWith("null", pos)) {
                        nonFinite();
                    }
                    literal("null");
                }
                default -> {
                    if (c != '-' && (c < '0' || c > '9') || c == '-' && !digitAt(pos + 1)) {
                        nonFinite();
                    }
                    boolean fraction = number();
                    if (rule != null && !rule.acceptsNumber(text, start, pos, fraction)) {
                        throw typed(node, start, pos, "a JSON number");
                    }
                }
            }
        }

        private IllegalArgumentException typed(JsonTypedPaths.Node node, int start, int end, String what) {
            JsonPathRule rule = node.rule;
            String value = end - start > 40 ? text.substring(start, start + 40) + "..."
                    : text.substring(start, end) + (end - start == 1 && start < text.length()
                    && (text.charAt(start) == '{' || text.charAt(start) == '[') ? "..." : "");
            return new IllegalArgumentException("the typed path `" + node.path + "` is " + rule.type() + " but holds "
                    + value + " (" + what + "), which the server cannot convert; it takes " + rule.takes()
                    + ": send such a value at `" + node.path + "`, or leave the path out (it then reads as "
                    + rule.type() + "'s default)");
        }

        private void object(int depth, JsonTypedPaths.Node node) {
            pos++;
            space();
            if (peek() == '}') {
                pos++;
                return;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw error(pos >= text.length() ? "the object is not closed" : "an object key must be a string");
                }
                int keyStart = pos + 1;
                boolean escaped = string();
                int keyEnd = pos - 1;
                JsonTypedPaths.Node child = null;
                if (node != null) {
                    if (escaped) {
                        String key = unescape(keyStart, pos - 1);
                        child = node.child(key, 0, key.length());
                    } else {
                        child = node.child(text, keyStart, pos - 1);
                    }
                }
                space();
                expect(':');
                try {
                    value(depth + 1, child);
                } catch (NonFiniteJsonNumber e) {
                    throw e.underKey(escaped ? unescape(keyStart, keyEnd) : text.substring(keyStart, keyEnd));
                }
                space();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return;
                }
            }
        }

        private void array(int depth) {
            pos++;
            space();
            if (peek() == ']') {
                pos++;
                return;
            }
            for (int index = 0; ; index++) {
                try {
                    value(depth + 1, null);  // typed paths do not reach into arrays (measured: a.b in [{"b": "x"}])
                } catch (NonFiniteJsonNumber e) {
                    throw e.underIndex(index);
                }
                space();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return;
                }
            }
        }

        /** Skips a string; whether it has escapes. */
        private boolean string() {
            pos++;
            boolean escaped = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return escaped;
                }
                if (c == '\\') {
                    escaped = true;
                    char e = pos < text.length() ? text.charAt(pos++) : 0;
                    if (e == 'u') {
                        for (int i = 0; i < 4; i++) {
                            if (pos >= text.length() || Character.digit(text.charAt(pos++), 16) < 0) {
                                throw error("a \\u escape needs four hex digits");
                            }
                        }
                    } else if ("\"\\/bfnrt".indexOf(e) < 0 || e == 0) {
                        throw error("an unknown escape in a string");
                    }
                } else if (c < 0x20) {
                    throw error("a control character inside a string");
                }
            }
            throw error("a string is not closed");
        }

        /**
         * Throws {@link NonFiniteJsonNumber} when a NaN or infinity token stands here ({@code NaN}, {@code Infinity},
         * {@code -Infinity}, any case, {@code +}, {@code inf}: the spellings of lenient parsers and writers); returns
         * otherwise, for the caller's syntax error.
         */
        private void nonFinite() {
            int start = pos;
            int end = peek() == '-' || peek() == '+' ? pos + 1 : pos;
            int word = end;
            while (end < text.length() && Character.isLetter(text.charAt(end))) {
                end++;
            }
            String token = text.substring(word, end);
            if (token.equalsIgnoreCase("nan") || token.equalsIgnoreCase("infinity") || token.equalsIgnoreCase("inf")) {
                throw new NonFiniteJsonNumber(text.substring(start, end));
            }
        }

        private boolean digitAt(int index) {
            return index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9';
        }

        private void literal(String word) {
            if (!text.startsWith(word, pos)) {
                throw error("an unknown word");
            }
            pos += word.length();
        }

        /** Skips a number; whether it has a fraction or an exponent. */
        private boolean number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (!digits()) {
                throw error("an unexpected character");
            }
            int integerEnd = pos;
            int exponentStart = -1;
            boolean fraction = false;
            if (peek() == '.') {
                pos++;
                fraction = true;
                if (!digits()) {
                    throw error("a number without digits after '.'");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                fraction = true;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                exponentStart = pos;
                if (!digits()) {
                    throw error("a number without exponent digits");
                }
            }
            if (pos == start) {
                throw error("an unexpected character");
            }
            checkRange(start, integerEnd, exponentStart < 0 ? 0 : pos - exponentStart, fraction);
            return fraction;
        }

        /**
         * ClickHouse reads a JSON integer as Int64 or UInt64 and any other number as Float64; beyond those it
         * refuses the whole document ("Cannot parse JSON object here", measured on 26.7 for 2^64, -2^63 - 1 and
         * 1e400, typed path or not).
         */
        private void checkRange(int start, int integerEnd, int exponentDigits, boolean fraction) {
            if (fraction) {
                // below 10^(200 + 99) nothing overflows; parse (allocating) only the rare longer numbers
                if ((pos - start > 200 || exponentDigits > 2)
                        && Double.isInfinite(Double.parseDouble(text.substring(start, pos)))) {
                    throw rangeError(start, "beyond Float64");
                }
            } else if (integerEnd - start >= 19 && !LIMITS.acceptsNumber(text, start, integerEnd, false)) {
                throw rangeError(start, "beyond Int64 and UInt64");
            }
        }

        private IllegalArgumentException rangeError(int start, String what) {
            String number = pos - start > 40 ? text.substring(start, start + 40) + "..." : text.substring(start, pos);
            return new IllegalArgumentException("the number " + number + " at character " + (start + 1) + " of "
                    + text.length() + " is " + what + ", and ClickHouse refuses such a JSON document; send it as a "
                    + "string (\"" + number + "\")");
        }

        private String unescape(int start, int end) {
            StringBuilder out = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(++i);
                switch (e) {
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
                        i += 4;
                    }
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    default -> out.append(e);
                }
            }
            return out.toString();
        }

        private boolean digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' expected");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        void space() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not valid JSON " + (pos >= text.length() ? "at its end"
                    : "at character " + (pos + 1) + " of " + text.length()) + ": " + what);
        }
    }
}
