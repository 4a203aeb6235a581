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
            while (true) {
                Node next = null;
                for (Node child : node.children) {
                    // the segment must fill the key up to its end or to a dot; most keys fail on length or first char
                    String name = child.segment;
                    int to = from + name.length();
                    if (to <= end && (to == end || text.charAt(to) == '.')
                            && (name.isEmpty() || name.charAt(0) == text.charAt(from))
                            && text.regionMatches(from, name, 0, name.length())) {
                        next = child;
                        break;
                    }
                }
                if (next == null) {
                    return null;
                }
                int to = from + next.segment.length();
                if (to == end) {
                    return next;
                }
                node = next;
                from = to + 1;
            }
        }

        private Node find(String name) {
            for (Node child : children) {
                if (child.segment.equals(name)) {
                    return child;
                }
            }
            return null;
        }

        private Node childOrAdd(String name, String childPath) {
            Node found = find(name);
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
