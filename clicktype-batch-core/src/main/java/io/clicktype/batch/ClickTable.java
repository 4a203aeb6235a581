package io.clicktype.batch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or class as the row type of one ClickHouse table.
 *
 * <p>The row type is the contract: its components (or fields) become the columns of every
 * insert, encoded once per row in RowBinary. Column names default to the snake_case of the Java
 * name; see {@link ClickColumn} to rename a column or pin its ClickHouse type and
 * {@link ClickIgnore} to leave a component out.
 *
 * <pre>{@code
 * @ClickTable("page_views")
 * public record PageView(Instant ts, String url, @ClickColumn(type = "UInt32") long userId) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ClickTable {

    /** Table name as in ClickHouse; any name the server accepts (dots, spaces, quotes ...), always quoted when sent. */
    String value();

    /** Database of the table; empty means the connection's default database. */
    String database() default "";

    /** How component names become column names; {@link ClickColumn#name()} overrides it per column. */
    ColumnNamingStrategy naming() default ColumnNamingStrategy.SNAKE_CASE;
}
