package io.clicktype.batch;

/**
 * What holds when a batch is sent again (a retry after a lost answer, a spill replay), for one table on
 * one server, decided at start ({@link Batcher#delivery()}).
 */
public enum DeliveryGuarantee {

    /**
     * The server drops a batch it has already stored: a Replicated*MergeTree table, or a MergeTree with
     * {@code non_replicated_deduplication_window > 0}, with the batch's {@code insert_deduplication_token}
     * (or, on servers without tokens, a Replicated table's block hash). Holds within the table's
     * deduplication window (the last N inserts; for Replicated tables also
     * {@code replicated_deduplication_window_seconds}). On a plain MergeTree only while the server stays up:
     * ClickHouse writes the token to the table's deduplication log before it commits the part, so a server killed
     * in between drops the batch's retry as a duplicate of rows it never stored (docs/delivery.md).
     */
    EXACTLY_ONCE,

    /** A batch sent again after it had landed is stored twice; nothing accepted is lost. */
    AT_LEAST_ONCE
}
