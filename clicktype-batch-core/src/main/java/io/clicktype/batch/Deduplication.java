package io.clicktype.batch;

/**
 * Whether each batch carries a stable {@code insert_deduplication_token}, so that a retry or replay of a
 * batch that did land is dropped by ClickHouse instead of written twice. The server deduplicates for
 * Replicated*MergeTree tables, and for MergeTree tables with {@code non_replicated_deduplication_window}.
 */
public enum Deduplication {
    /** Use tokens when the server knows the setting; otherwise log once that delivery is at-least-once. */
    AUTO,
    /** Require tokens: start fails on a server without the setting. */
    ON,
    /** Never send tokens: retries and replays are at-least-once. */
    OFF
}
