package io.clicktype.batch.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * A table's engine as {@code system.tables} reports it.
 *
 * @param name         the engine, e.g. {@code ReplicatedMergeTree}, {@code MergeTree}, {@code Distributed}
 * @param definition   {@code engine_full}: the engine with its arguments, keys and {@code SETTINGS}
 * @param database     the database the table is in (the connection's default when the table was named
 *                     without one), or {@code null} when unknown
 * @param dependencies whether materialized views read each insert into the table ({@code system.tables}
 *                     {@code dependencies_table} not empty): {@code TRUE}, {@code FALSE}, or {@code null} when not
 *                     read
 */
public record TableEngine(String name, String definition, String database, Boolean dependencies) {

    /** An engine whose views were not read. */
    public TableEngine(String name, String definition, String database) {
        this(name, definition, database, null);
    }

    /** An engine whose database and views are not known. */
    public TableEngine(String name, String definition) {
        this(name, definition, null, null);
    }

    /**
     * The engine's top-level arguments as {@code engine_full} prints them, trimmed, quotes kept (e.g.
     * {@code 'cluster'}, {@code ver}, {@code rand()}); empty when the definition does not start with the engine's name
     * and an opening parenthesis.
     */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (definition == null || !definition.startsWith(name + "(")) {
            return arguments;
        }
        String text = definition.substring(name.length() + 1);
        StringBuilder current = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    current.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    arguments.add(current.toString().trim());
                    return arguments;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        arguments.add(current.toString().trim());
        return arguments;
    }
}
