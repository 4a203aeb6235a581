package io.clicktype.batch;

/**
 * How a {@link ClickTable} type's Java names become column names when {@link ClickColumn#name()}
 * does not say.
 */
public enum ColumnNamingStrategy {

    /**
     * snake_case of the Java name ({@code userId -> user_id}, {@code URLPath -> url_path}); the
     * default.
     */
    SNAKE_CASE,

    /** The Java name unchanged ({@code userId -> userId}). */
    AS_IS
}
