package io.clicktype.batch.encoding;

/**
 * A NaN or infinity where a JSON document is written: JSON (RFC 8259, section 6: "Numeric values that cannot be
 * represented ... such as Infinity and NaN are not permitted") has none, and ClickHouse's JSON type cannot store one
 * as a number. Thrown by {@link JsonText} for a {@code Double}/{@code Float} in a Map and for the bare tokens
 * ({@code NaN}, {@code Infinity}, {@code -Infinity}: what Jackson writes for a {@code double}/{@code float} field or
 * a {@code DoubleNode} with {@code WRITE_NAN_AS_STRINGS} off, and what a parser with
 * {@code ALLOW_NON_NUMERIC_NUMBERS} reads) in JSON text; the path is built while the walk unwinds, so finding it
 * costs nothing on valid documents. Has no stack trace (an expected outcome of validation).
 */
final class NonFiniteJsonNumber extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String value;
    private String path = "";

    /** @param value the value as found, e.g. {@code NaN} or {@code a Double Infinity} */
    NonFiniteJsonNumber(String value) {
        this.value = value;
    }

    /** This exception, one object key further out. */
    NonFiniteJsonNumber underKey(String key) {
        path = path.isEmpty() || path.startsWith("[") ? key + path : key + "." + path;
        return this;
    }

    /** This exception, one array element further out. */
    NonFiniteJsonNumber underIndex(int index) {
        path = "[" + index + "]" + (path.isEmpty() || path.startsWith("[") ? path : "." + path);
        return this;
    }

    @Override
    public String getMessage() {
        return "`" + path + "` holds " + value + ", and JSON (RFC 8259) has no NaN or Infinity; ClickHouse's JSON "
                + "type cannot store them as numbers: map such a value to null (or leave the key out), or to a string, "
                + "yourself";
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
