package io.clicktype.batch.mapping;

import io.clicktype.batch.encoding.JsonPathRule;
import io.clicktype.batch.encoding.JsonTypedPaths;

import java.util.List;

/**
 * The typed paths in the arguments of a {@code JSON(...)} type, as ClickHouse 26.7 prints it in
 * {@code system.columns}: {@code JSON(max_dynamic_types=3, max_dynamic_paths=8, `a.b` UInt32, c String, SKIP d,
 * SKIP REGEXP 'x.*')} — parameters {@code name=value} first, then typed paths (quoted with backticks when they
 * are not plain identifiers), then {@code SKIP} clauses (ClickHouse docs, "JSON data type"; measured on 26.7).
 * The unquoted form a user may pin ({@code JSON(a.b UInt32)}) reads the same. Stateless.
 */
final class JsonTypeArguments {

    private JsonTypeArguments() {
    }

    /**
     * The typed paths whose types the batcher checks ({@link JsonPathRule#of}), from the arguments of a JSON type.
     *
     * @throws IllegalArgumentException for an argument that is no parameter, SKIP clause or path and type
     */
    static JsonTypedPaths typedPaths(List<String> args) {
        JsonTypedPaths paths = null;
        for (String arg : args) {
            if (arg.regionMatches(true, 0, "SKIP", 0, 4) && arg.length() > 4 && Character.isWhitespace(arg.charAt(4))
                    || isParameter(arg)) {
                continue;
            }
            int end;
            String path;
            if (arg.startsWith("`")) {
                StringBuilder name = new StringBuilder();
                end = 1;
                while (end < arg.length() && arg.charAt(end) != '`') {
                    if (arg.charAt(end) == '\\' && end + 1 < arg.length()) {
                        end++;
                    }
                    name.append(arg.charAt(end++));
                }
                if (end >= arg.length()) {
                    throw new IllegalArgumentException("the JSON path " + arg + " has no closing backtick");
                }
                end++;
                path = name.toString();
            } else {
                end = 0;
                while (end < arg.length() && !Character.isWhitespace(arg.charAt(end))) {
                    end++;
                }
                path = arg.substring(0, end);
            }
            String typeText = arg.substring(end).strip();
            if (typeText.isEmpty()) {
                throw new IllegalArgumentException("the JSON argument '" + arg + "' is no parameter (name=value), "
                        + "SKIP clause or typed path (path Type)");
            }
            JsonPathRule rule = rule(typeText);
            if (rule != null) {
                paths = (paths == null ? new JsonTypedPaths() : paths).add(path, rule);
            }
        }
        return paths == null ? JsonTypedPaths.NONE : paths;
    }

    /** The rule for a path's type, or {@code null}: unchecked, also a type this parser does not know. */
    private static JsonPathRule rule(String typeText) {
        ClickHouseType type;
        try {
            type = ClickHouseTypes.parse(typeText).withoutLowCardinality();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (type.is("Nullable")) {
            type = type.child();
        }
        return JsonPathRule.of(type.family(), type.toString());
    }

    private static boolean isParameter(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 && arg.substring(0, eq).strip().matches("[A-Za-z_][A-Za-z0-9_]*");
    }
}
