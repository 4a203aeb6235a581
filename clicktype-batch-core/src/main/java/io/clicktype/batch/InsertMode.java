package io.clicktype.batch;

/**
 * How each batch is handed to ClickHouse: straight into the table, or through the server's own
 * async-insert queue.
 *
 * <p>Since ClickHouse 26.3 the server turns {@code async_insert} on by default, so an insert that does not
 * say otherwise is buffered a second time on the server. Source of the settings and their semantics:
 * ClickHouse docs, "Asynchronous inserts" (clickhouse.com/docs/optimize/asynchronous-inserts).
 */
public enum InsertMode {

    /**
     * Default: every batch is written as its own insert ({@code async_insert=0} where the server knows the
     * setting). A batch is in the table when its insert is acknowledged, and its deduplication token is
     * honoured. Fits what this library is for: few, large batches from one application.
     */
    SYNC,

    /**
     * Every batch goes through the server's async-insert queue ({@code async_insert=1}) and is acknowledged
     * only once the server has flushed it into the table ({@code wait_for_async_insert=1}; never
     * fire-and-forget), with {@code async_insert_deduplicate=1} when batches carry deduplication tokens.
     * Fits many application instances that each send small batches: the server merges them into fewer
     * parts. Costs latency: each acknowledgement waits for the server's busy timeout
     * ({@code async_insert_busy_timeout_max_ms}). Needs a server with {@code async_insert} (21.11+);
     * {@link Batcher#start()} refuses to start otherwise.
     */
    ASYNC
}
