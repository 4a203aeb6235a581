/**
 * Service-provider interface: what a ClickHouse transport implements
 * ({@link io.clicktype.batch.spi.ClickHouseTransport}, {@link io.clicktype.batch.spi.ShardedTransport}) and the values it receives and returns
 * ({@link io.clicktype.batch.spi.InsertRequest}, {@link io.clicktype.batch.spi.ServerInfo},
 * {@link io.clicktype.batch.spi.TableEngine}).
 *
 * <p>Public and kept stable like the API package, but apart from it: users pass a transport along or write one
 * for tests; they do not build inserts. Types here use the API package's value types ({@code TableRef},
 * {@code TableColumn}, {@code TransportException}, {@code ClusterNodeState}) and nothing internal.
 */
package io.clicktype.batch.spi;
