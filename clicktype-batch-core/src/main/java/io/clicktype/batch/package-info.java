/**
 * Public API of clicktype-batch: what a user imports.
 *
 * <p>Annotate a record with {@link io.clicktype.batch.ClickTable}, build a
 * {@link io.clicktype.batch.Batcher} with a {@link io.clicktype.batch.BatchConfig} and a
 * {@link io.clicktype.batch.ClickHouseTransport}, and hand rows to the
 * {@link io.clicktype.batch.BatcherHandle} it returns from any thread.
 */
package io.clicktype.batch;
