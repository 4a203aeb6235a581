/**
 * Internal: the transport for a ClickHouse cluster, split by job — routing ({@code ClusterTransport}), the topology
 * and its refresh ({@code TopologyReader}), which address is which node ({@code NodeIdentity},
 * {@code NodeAddresses}), local tables of Distributed tables ({@code LocalTables}), pinning a batch to its shard
 * ({@code ShardPins}), when a failed insert may go elsewhere ({@code InsertFailover}) and one shard's view
 * ({@code ShardView}). Replica failover itself is {@code transport.ReplicaSet}. Uses {@code transport}, never
 * {@code engine}. Not part of the public API; may change in any release.
 */
package io.clicktype.batch.transport.cluster;
