package io.clicktype.batch;

/**
 * A configuration value out of its allowed range, naming the field (as the builder calls it, e.g.
 * {@code maxRows}) so that a framework can name its own property for it without parsing the message.
 */
public class ConfigValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;

    /**
     * @param field   the field, e.g. {@code maxRows}
     * @param value   the value given, may be {@code null}
     * @param message what is wrong and what is allowed, starting with the field's name
     */
    public ConfigValueException(String field, Object value, String message) {
        super(message);
        this.field = field;
        this.value = value;
    }

    /** The field, e.g. {@code maxRows}. */
    public String field() {
        return field;
    }

    /** The value given, or {@code null}. */
    public Object value() {
        return value;
    }
}
