package io.clicktype.batch.encoding;

import java.util.Map;
import java.util.function.Function;

/**
 * JSON (the type of ClickHouse 24.8+, not the deprecated {@code Object('json')}): the document as a RowBinary
 * string, which the server parses because every insert carries {@code input_format_binary_read_json_as_string=1}
 * (ClickHouse docs, "RowBinary": JSON "as a String with JSON text" with that setting; the transport sends it to
 * servers that know it). Accepts JSON text ({@link String}, checked to be one JSON object), a {@link Map} (written
 * as an object, see {@link JsonText#of}) and a Jackson {@code JsonNode} (2.x or 3.x, detected at mapping time) and,
 * when the application has Jackson, any other object (a record, a POJO), both written by a Jackson mapper that
 * writes NaN and infinities as bare tokens (mapping's {@code JacksonJson}); so Jackson stays an optional dependency.
 * A value that is not a JSON object is rejected on the caller's thread, and so is a document with a value at a typed
 * path ({@code JSON(a.b UInt32)}) that the server would not convert ({@link JsonPathRule}; types without a rule are
 * left to the server, whose refusal fails the batch, which then goes to the failed-batch handler).
 *
 * <p>One rule for NaN and infinities, whatever the input: JSON (RFC 8259) has none, and ClickHouse's JSON type cannot
 * store them as numbers, so a {@code Double}/{@code Float} NaN or infinity in a Map, a {@code DoubleNode} or
 * {@code FloatNode} holding one, a {@code double}/{@code float} field Jackson writes, and the tokens {@code NaN},
 * {@code Infinity}, {@code -Infinity} in JSON text are all refused, naming the path ({@link NonFiniteJsonNumber}).
 */
public final class JsonWriter extends ValueWriter {

    private final Class<?> jsonNode;
    private final Function<Object, String> serializer;
    private final JsonTypedPaths typedPaths;

    /**
     * @param jsonNode   the Jackson {@code JsonNode} class values may be, or {@code null}
     * @param serializer turns a {@code JsonNode} or any other object (a record, a POJO) into JSON text, or
     *                   {@code null} when values are JSON text or maps only
     * @param typedPaths the column's checked typed paths, {@link JsonTypedPaths#NONE} for none
     */
    public JsonWriter(String type, Class<?> jsonNode, Function<Object, String> serializer,
                      JsonTypedPaths typedPaths) {
        super(type);
        this.jsonNode = jsonNode;
        this.serializer = serializer;
        this.typedPaths = typedPaths;
    }

    @Override
    protected void checkNonNull(Object value) {
        Utf8.checkPaired(text(value));
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        Utf8.writeWithLength(text(value), out);
    }

    private String text(Object value) {
        String text;
        if (value instanceof Map<?, ?> map) {
            try {
                text = JsonText.of(map);
            } catch (IllegalArgumentException e) {
                throw new ValueRejectedException("a Map that is not JSON: " + e.getMessage());
            }
        } else if (value instanceof String s) {
            text = s;
        } else if (serializer != null) {
            try {
                text = serializer.apply(value);
            } catch (RuntimeException e) {
                throw new ValueRejectedException("Jackson cannot write the `" + value.getClass().getSimpleName()
                        + "` as JSON: " + e.getMessage());
            }
        } else {
            throw wrongClass(value);
        }
        String error = JsonText.objectError(text, typedPaths);
        if (error != null) {
            throw new ValueRejectedException(source(value, text) + " is refused: " + error);
        }
        return text;
    }

    /** What the refused text came from, for the message. */
    private String source(Object value, String text) {
        if (value instanceof String) {
            return "JSON text of " + text.length() + " characters";
        }
        String kind = jsonNode != null && jsonNode.isInstance(value) ? "the JsonNode" : "the `"
                + value.getClass().getSimpleName() + "`";
        return kind + " as Jackson writes it (" + text.length() + " characters)";
    }
}
