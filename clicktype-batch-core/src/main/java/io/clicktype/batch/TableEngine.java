package io.clicktype.batch;

/**
 * A table's engine as {@code system.tables} reports it.
 *
 * @param name       the engine, e.g. {@code ReplicatedMergeTree}, {@code MergeTree}, {@code Distributed}
 * @param definition {@code engine_full}: the engine with its arguments, keys and {@code SETTINGS}
 */
public record TableEngine(String name, String definition) {
}
