package io.clicktype.batch.encoding;

import java.util.Arrays;

/**
 * The checked typed paths of one JSON column as a tree of key segments ({@code a.b} is {@code a} then {@code b}),
 * so that one walk over a document finds every typed path without building path strings. ClickHouse splits keys
 * at dots: {@code {"a.b": 1}} and {@code {"a": {"b": 1}}} both fill the path {@code a.b} (measured on 26.7).
 * Built once at mapping time; immutable after {@link #add}s, thread-safe to read.
 */
public final class JsonTypedPaths {

    /** A tree without paths: nothing to check. */
    public static final JsonTypedPaths NONE = new JsonTypedPaths();

    final Node root = new Node("", null);
    private final StringBuilder described = new StringBuilder();

    /** Adds a typed path (dot-separated, as the server prints it unquoted) with its rule. */
    public JsonTypedPaths add(String path, JsonPathRule rule) {
        if (this == NONE) {
            throw new IllegalStateException("NONE is shared");
        }
        Node node = root;
        for (String segment : path.split("\\.", -1)) {
            node = node.childOrAdd(segment, node == root ? segment : node.path + "." + segment);
        }
        node.rule = rule;
        described.append(described.length() == 0 ? "" : ", ").append(path).append(' ').append(rule.type());
        return this;
    }

    /** Whether no path is checked. */
    public boolean isEmpty() {
        return described.length() == 0;
    }

    /** The checked paths and their types, e.g. {@code a.b UInt32, c Float64}, for logs and tests. */
    public String describe() {
        return described.toString();
    }

    /** One segment: its children, and the rule when a typed path ends here. */
    static final class Node {

        private final String segment;
        final String path;
        private Node[] children = new Node[0];
        JsonPathRule rule;

        Node(String segment, String path) {
            this.segment = segment;
            this.path = path;
        }

        /**
         * The node reached from this one by the key {@code text[start, end)} (dots split it), or {@code null}
         * when no typed path lies below it.
         */
        Node child(String text, int start, int end) {
            Node node = this;
            int from = start;
            while (node != null) {
                int dot = text.indexOf('.', from);
                int to = dot < 0 || dot >= end ? end : dot;
                node = node.find(text, from, to);
                if (to == end) {
                    return node;
                }
                from = to + 1;
            }
            return null;
        }

        private Node find(String text, int start, int end) {
            for (Node child : children) {
                if (child.segment.length() == end - start && text.regionMatches(start, child.segment, 0, end - start)) {
                    return child;
                }
            }
            return null;
        }

        private Node childOrAdd(String name, String childPath) {
            Node found = find(name, 0, name.length());
            if (found != null) {
                return found;
            }
            Node child = new Node(name, childPath);
            children = Arrays.copyOf(children, children.length + 1);
            children[children.length - 1] = child;
            return child;
        }
    }
}
