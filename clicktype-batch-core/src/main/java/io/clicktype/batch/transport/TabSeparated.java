package io.clicktype.batch.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse's {@code TabSeparated} output and writes SQL string literals: the two text formats
 * the metadata queries need. TabSeparated is used because every server version prints it the same
 * way (the client's binary readers need {@code RowBinaryWithNamesAndTypes}, which 18.16 lacks).
 *
 * <p>Public (within this internal package) for the cluster transport's topology queries. Stateless and thread-safe.
 */
public final class TabSeparated {

    private TabSeparated() {
    }

    /**
     * Splits a TabSeparated body into rows of unescaped fields. Rows end at a raw newline, fields at a
     * raw tab (the server escapes both inside values); a trailing newline does not make an empty row.
     * {@code \N} (NULL) is returned as {@code null}.
     */
    public static List<List<String>> parse(String body) {
        List<List<String>> rows = new ArrayList<>();
        int start = 0;
        int length = body.length();
        while (start < length) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            rows.add(parseRow(body, start, end));
            start = end + 1;
        }
        return rows;
    }

    private static List<String> parseRow(String body, int start, int end) {
        List<String> fields = new ArrayList<>();
        int fieldStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || body.charAt(i) == '\t') {
                fields.add(unescape(body.substring(fieldStart, i)));
                fieldStart = i + 1;
            }
        }
        return fields;
    }

    /**
     * Undoes TabSeparated escaping: {@code \t \n \r \b \f \0 \a \v \\ \' \xHH}; any other escaped
     * character stands for itself. Returns {@code null} for {@code \N}.
     */
    static String unescape(String field) {
        if (field.equals("\\N")) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char escaped = field.charAt(++i);
            switch (escaped) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '0' -> out.append('\0');
                case 'a' -> out.append('\u0007');
                case 'v' -> out.append('\u000B');
                case 'x' -> {
                    if (i + 2 < field.length() && isHex(field.charAt(i + 1)) && isHex(field.charAt(i + 2))) {
                        out.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        out.append('x');
                    }
                }
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }

    /**
     * A single-quoted SQL string literal for any text: backslash and quote are escaped, control
     * characters too, so a value can never end the literal early.
     */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
