package io.clicktype.batch.autoconfigure.endpoint;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.autoconfigure.ClickHouseConnectionDetails;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ShardedTransport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code clicktype} actuator endpoint: per table, its configuration, live stats, delivered rows (flushed
 * plus replayed from the disk spill), write-ahead log state
 * and, in a cluster, the state of every node (read), and a
 * flush (write, {@code POST /actuator/clicktype/{table}}). Shows no credentials.
 */
@Endpoint(id = "clicktype")
public class ClickTypeEndpoint {

    private final ObjectProvider<Batcher<?>> batchers;
    private final ObjectProvider<ClickHouseTransport> transport;
    private final ObjectProvider<DiskSpill> spill;
    private final ObjectProvider<ClickHouseConnectionDetails> connection;

    public ClickTypeEndpoint(ObjectProvider<Batcher<?>> batchers) {
        this(batchers, null, null, null);
    }

    /**
     * With {@code transport}: each table also shows the cluster's nodes it writes to (when there is a cluster);
     * with {@code spill}: its rows replayed from the disk spill count as delivered.
     */
    public ClickTypeEndpoint(ObjectProvider<Batcher<?>> batchers, ObjectProvider<ClickHouseTransport> transport,
            ObjectProvider<DiskSpill> spill) {
        this(batchers, transport, spill, null);
    }

    /**
     * With {@code connection} as well: each table shows the database it is written to, its {@code @ClickTable}'s
     * or else the connection's (a table's stats say {@code database: null} when it names none).
     */
    public ClickTypeEndpoint(ObjectProvider<Batcher<?>> batchers, ObjectProvider<ClickHouseTransport> transport,
            ObjectProvider<DiskSpill> spill, ObjectProvider<ClickHouseConnectionDetails> connection) {
        this.batchers = batchers;
        this.transport = transport;
        this.spill = spill;
        this.connection = connection;
    }

    /** Every table's configuration and stats. */
    @ReadOperation
    public Map<String, Object> tables() {
        Map<String, Object> tables = new LinkedHashMap<>();
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("database", databaseOf(batcher));
            table.put("rowType", batcher.rowType().getName());
            table.put("config", batcher.config());
            table.put("stats", batcher.isRunning() ? batcher.stats() : null);
            if (batcher.isRunning()) {
                DiskSpill disk = spill == null ? null : spill.getIfAvailable();
                long replayed = disk == null ? 0 : disk.replayedRows(batcher.table());
                // Every row that reached the table: flushed by the batcher, or replayed later from the spill.
                table.put("deliveredRows", batcher.stats().flushedRows() + replayed);
                table.put("spillReplayedRows", replayed);
            }
            table.put("delivery", batcher.isRunning() ? batcher.delivery() : null);
            table.put("schemaDrift", batcher.schemaDrift());
            table.put("wal", batcher.isRunning() ? batcher.walStats().orElse(null) : null);
            ClickHouseTransport shared = transport == null ? null : transport.getIfAvailable();
            if (shared instanceof ShardedTransport cluster && !cluster.clusterNodes().isEmpty()) {
                table.put("clusterNodes", cluster.clusterNodes());
            }
            tables.put(batcher.table().toString(), table);
        }
        return tables;
    }

    /** The table's own database, else the connection's; {@code null} only when neither is known. */
    private String databaseOf(Batcher<?> batcher) {
        if (batcher.table().database() != null) {
            return batcher.table().database();
        }
        ClickHouseConnectionDetails details = connection == null ? null : connection.getIfAvailable();
        return details == null ? null : details.getDatabase();
    }

    /** Flushes one table and waits (up to 30 s) for ClickHouse to acknowledge. */
    @WriteOperation
    public FlushStats flush(@Selector String table) throws Exception {
        List<Batcher<?>> all = batchers.orderedStream().toList();
        for (Batcher<?> batcher : all) {
            if (batcher.table().toString().equals(table)) {
                return batcher.handle().flush().get(30, TimeUnit.SECONDS);
            }
        }
        throw new IllegalArgumentException("no batcher for table '" + table + "'");
    }
}
