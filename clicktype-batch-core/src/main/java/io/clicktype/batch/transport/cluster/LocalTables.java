package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.TableEngine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In direct mode, the table each shard holds for the table a row type names: the local table of a
 * {@code Distributed} table (its engine's third argument), else the table itself. Read once per table through the
 * cluster's configured endpoints, then remembered. Thread-safe.
 */
final class LocalTables {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTables.class);

    private final String cluster;
    private final ClickHouseTransport metadata;
    private final Map<TableRef, TableRef> known = new ConcurrentHashMap<>();

    /** @param metadata reads table engines (the seed transport, over the configured endpoints) */
    LocalTables(String cluster, ClickHouseTransport metadata) {
        this.cluster = cluster;
        this.metadata = metadata;
    }

    /**
     * The table each shard holds for {@code table}.
     *
     * @throws TransportException not retryable when the Distributed table is over another cluster; as any query
     *                            when the engine cannot be read
     */
    TableRef of(TableRef table) {
        TableRef local = known.get(table);
        if (local != null) {
            return local;
        }
        TableEngine engine = metadata.tableEngine(table);
        local = table;
        DistributedEngine distributed = engine == null ? null : DistributedEngine.parse(engine.definition());
        if (distributed != null) {
            if (!distributed.cluster().equals(cluster)) {
                throw TransportException.notRetryable("table " + table + " is a Distributed table over cluster '"
                        + distributed.cluster() + "', but the connection's cluster is '" + cluster
                        + "' [not retryable]. To fix: set clicktype.batch.clickhouse.cluster to '"
                        + distributed.cluster() + "', or name a table of cluster '" + cluster + "'.");
            }
            local = distributed.localTable(table, engine.database());
            LOG.info("Cluster {} in direct mode: batches for {} go to each shard's {}", cluster, table, local);
        }
        known.put(table, local);
        return local;
    }
}
