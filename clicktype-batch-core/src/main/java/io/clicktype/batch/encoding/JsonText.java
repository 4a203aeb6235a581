package io.clicktype.batch.encoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * JSON text for the {@code JSON} column type, sent as a string with {@code input_format_binary_read_json_as_string=1}:
 * a syntax check of text (RFC 8259), so that a malformed document is refused on the caller's thread instead of
 * failing the whole batch at the server ("Cannot read JSON object from JSON element"), and the text of a
 * {@link Map}. ClickHouse wants an object at the top level. Stateless, thread-safe.
 */
final class JsonText {

    private JsonText() {
    }

    /** What is wrong with {@code text} as a JSON object, or {@code null} when it is one. */
    static String objectError(String text) {
        Parser parser = new Parser(text);
        parser.space();
        if (parser.pos >= text.length() || text.charAt(parser.pos) != '{') {
            return "the JSON column needs a JSON object ({...}) at the top level";
        }
        try {
            parser.value(0);
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
     * @throws IllegalArgumentException for a null key or a non-finite number
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
                throw new IllegalArgumentException("JSON has no " + d + "; leave the key out or send null");
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
                append(entry.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            Iterable<?> items = value instanceof Collection<?> c ? c : java.util.Arrays.asList((Object[]) value);
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                out.append(first ? "" : ",");
                first = false;
                append(item, out, depth + 1);
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

    /** A recursive-descent recogniser; allocates only for an error message. */
    private static final class Parser {

        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        void value(int depth) {
            if (depth > 1000) {
                throw error("nested deeper than 1000 levels");
            }
            space();
            if (pos >= text.length()) {
                throw error("a value is missing");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        private void object(int depth) {
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
                string();
                space();
                expect(':');
                value(depth + 1);
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
            while (true) {
                value(depth + 1);
                space();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return;
                }
            }
        }

        private void string() {
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
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

        private void literal(String word) {
            if (!text.startsWith(word, pos)) {
                throw error("an unknown word");
            }
            pos += word.length();
        }

        private void number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (!digits()) {
                throw error("an unexpected character");
            }
            if (peek() == '.') {
                pos++;
                if (!digits()) {
                    throw error("a number without digits after '.'");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!digits()) {
                    throw error("a number without exponent digits");
                }
            }
            if (pos == start) {
                throw error("an unexpected character");
            }
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
