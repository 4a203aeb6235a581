package io.clicktype.batch.mapping;

import java.util.Locale;

/**
 * Default column names: the snake_case form of the Java name. Thread-safe.
 *
 * <p>An underscore goes before an upper-case letter that follows a lower-case letter or digit, and
 * before the last capital of an acronym that starts a new word; everything is lower-cased:
 * {@code userId -> user_id}, {@code URLPath -> url_path}, {@code httpURL -> http_url},
 * {@code ip4Address -> ip4_address}, {@code already_snake -> already_snake}.
 */
public final class ColumnNaming {

    private ColumnNaming() {
    }

    /** The snake_case form of a Java identifier. */
    public static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        int n = javaName.length();
        for (int i = 0; i < n; i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = javaName.charAt(i - 1);
                boolean afterWord = Character.isLowerCase(before) || Character.isDigit(before);
                boolean acronymEnd = Character.isUpperCase(before) && i + 1 < n
                        && Character.isLowerCase(javaName.charAt(i + 1));
                if ((afterWord || acronymEnd) && before != '_') {
                    out.append('_');
                }
            }
            out.append(c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
