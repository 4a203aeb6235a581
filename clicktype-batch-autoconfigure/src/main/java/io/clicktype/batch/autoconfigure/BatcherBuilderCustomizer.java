package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.TableRef;

/**
 * Changes a batcher's builder before the starter builds it, e.g. a listener or failed-batch handler for one
 * table, or a configuration the properties cannot say. Every bean of this type is called, in order, for every
 * {@code @ClickTable} type; the starter has applied the properties, listeners and handler by then. The way to
 * extend the starter without replacing its beans.
 */
@FunctionalInterface
public interface BatcherBuilderCustomizer {

    /**
     * @param table   the table the batcher writes to
     * @param builder its builder; call its setters (its {@code config} is the one from the properties)
     */
    void customize(TableRef table, Batcher.Builder<?> builder);
}
