/**
 * Public API of clicktype-batch: what a user imports.
 *
 * <p>Annotate a record with {@link io.clicktype.batch.ClickTable}, build a
 * {@link io.clicktype.batch.Batcher} with a {@link io.clicktype.batch.BatchConfig} and a
 * {@link io.clicktype.batch.spi.ClickHouseTransport} (the default one from
 * {@link io.clicktype.batch.ClickHouseTransports}), and hand rows to the {@link io.clicktype.batch.BatcherHandle}
 * it returns from any thread.
 *
 * <p>What a transport implements and receives ({@code ClickHouseTransport}, {@code InsertRequest},
 * {@code ServerInfo}, {@code TableEngine}, {@code ShardedTransport}) is the service-provider interface in
 * {@link io.clicktype.batch.spi}: users only name it to pass a transport along or to write one for tests.
 */
package io.clicktype.batch;
