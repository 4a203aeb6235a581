package io.clicktype.batch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Renames a column, pins its ClickHouse type, or leaves it out of the mapping.
 *
 * <p>Placed on a record component or a field of a {@link ClickTable} type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface ClickColumn {

    /** Column name; empty means the snake_case form of the Java name. */
    String name() default "";

    /**
     * ClickHouse type to encode as, for example {@code "UInt32"} or {@code "DateTime64(3, 'UTC')"};
     * empty means the type of the live table column, or the Java type's default when the table is
     * not consulted.
     */
    String type() default "";

    /** Whether to leave this component out of every insert; same as {@link ClickIgnore}. */
    boolean ignore() default false;
}
