package io.clicktype.batch.spi;

/**
 * A table's engine as {@code system.tables} reports it.
 *
 * @param name       the engine, e.g. {@code ReplicatedMergeTree}, {@code MergeTree}, {@code Distributed}
 * @param definition {@code engine_full}: the engine with its arguments, keys and {@code SETTINGS}
 * @param database   the database the table is in (the connection's default when the table was named
 *                   without one), or {@code null} when unknown
 */
public record TableEngine(String name, String definition, String database) {

    /** An engine whose database is not known. */
    public TableEngine(String name, String definition) {
        this(name, definition, null);
    }
}
