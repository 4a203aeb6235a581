package io.clicktype.batch.autoconfigure.endpoint;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherStats;
import io.clicktype.batch.Durability;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.autoconfigure.ClickHouseConnectionDetails;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ShardedTransport;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code clicktype} actuator endpoint: per table, its configuration, live stats, delivered rows (flushed
 * plus replayed from the disk spill), write-ahead log state (only for a table with {@code durability: wal})
 * and, in a cluster, the state of every node (read), and a
 * flush (write, {@code POST /actuator/clicktype/{table}}). Shows no credentials.
 */
@Endpoint(id = "clicktype")
public class ClickTypeEndpoint {

    /** How long a flush waits while the table's inserts are failing, instead of 30 s. */
    static final int OUTAGE_WAIT_SECONDS = 3;

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
     * or else the connection's, at the top and in its stats' {@code table}.
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
            String database = databaseOf(batcher);
            table.put("database", database);
            table.put("rowType", batcher.rowType().getName());
            table.put("config", configOf(batcher.config()));
            if (batcher.isRunning()) {
                // the number decided at start (config says "auto" when it was left to the start)
                table.put("insertsInFlight", batcher.insertsInFlight());
            }
            table.put("stats", batcher.isRunning() ? inDatabase(batcher.stats(), database) : null);
            if (batcher.isRunning()) {
                DiskSpill disk = disk();
                long replayed = disk == null ? 0 : disk.replayedRows(batcher.table());
                // Every row that reached the table: flushed by the batcher, or replayed later from the spill.
                table.put("deliveredRows", batcher.stats().flushedRows() + replayed);
                table.put("spillReplayedRows", replayed);
                // accepted, not yet in ClickHouse: replayed from the spill once it accepts inserts again
                table.put("spillPendingRows", disk == null ? 0 : disk.pendingRows(batcher.table()));
            }
            table.put("delivery", batcher.isRunning() ? batcher.delivery() : null);
            table.put("schemaDrift", batcher.schemaDrift());
            // Only a table with a write-ahead log has a "wal" block; in memory mode the key is absent.
            if (batcher.isRunning()) {
                batcher.walStats().ifPresent(wal -> table.put("wal", wal));
            }
            ClickHouseTransport shared = transport == null ? null : transport.getIfAvailable();
            if (shared instanceof ShardedTransport cluster && !cluster.clusterNodes().isEmpty()) {
                table.put("clusterNodes", cluster.clusterNodes());
            }
            tables.put(batcher.table().toString(), table);
        }
        return tables;
    }

    /**
     * The configuration's fields by name, without {@code wal} unless {@code durability} is {@code WAL}: the log's
     * settings apply to nothing in memory mode, and showing them read as if the table had a log.
     */
    private static Map<String, Object> configOf(BatchConfig config) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : BatchConfig.class.getRecordComponents()) {
            try {
                fields.put(component.getName(), component.getAccessor().invoke(config));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read BatchConfig." + component.getName(), e);
            }
        }
        if (config.durability() != Durability.WAL) {
            fields.remove("wal");
        }
        if (config.insertsInFlight() == BatchConfig.INSERTS_IN_FLIGHT_AUTO) {
            fields.put("insertsInFlight", "auto");
        }
        return fields;
    }

    /** The stats with their table's database filled in when the {@code @ClickTable} names none. */
    private static BatcherStats inDatabase(BatcherStats stats, String database) {
        if (database == null || stats.table().database() != null) {
            return stats;
        }
        return new BatcherStats(new TableRef(database, stats.table().table()), stats.running(), stats.queuedRows(),
                stats.queueCapacity(), stats.acceptedRows(), stats.flushedRows(), stats.failedRows(), stats.lostRows(),
                stats.rejectedRows(), stats.shedRows(), stats.timedOutRows(), stats.flushes(), stats.failedFlushes(),
                stats.consecutiveFailedFlushes(), stats.lastSuccessfulFlush(), stats.lastError(),
                stats.consecutiveFailedAttempts());
    }

    /** The disk spill, or {@code null} when there is none. */
    private DiskSpill disk() {
        return spill == null ? null : spill.getIfAvailable();
    }

    /** The table's own database, else the connection's; {@code null} only when neither is known. */
    private String databaseOf(Batcher<?> batcher) {
        if (batcher.table().database() != null) {
            return batcher.table().database();
        }
        ClickHouseConnectionDetails details = connection == null ? null : connection.getIfAvailable();
        return details == null ? null : details.getDatabase();
    }

    /**
     * Flushes one table and waits (up to 30 s) for ClickHouse to acknowledge: 200 with the flush's figures when every
     * row the table accepted so far is in ClickHouse; 503 with the reason when the batch did not land (ClickHouse away:
     * it went to the failed-batch handler, e.g. the disk spill), when rows of the table still wait in the disk spill
     * (an earlier batch's, replayed automatically: a flush with nothing in memory during an outage is not a success),
     * or when the wait ran out (3 s while the table's last insert attempts failed, else 30 s); 404 for a table without
     * a batcher.
     */
    @WriteOperation
    public WebEndpointResponse<Object> flush(@Selector String table) throws InterruptedException {
        List<Batcher<?>> all = batchers.orderedStream().toList();
        Batcher<?> found = null;
        for (Batcher<?> batcher : all) {
            if (batcher.table().toString().equals(table)) {
                found = batcher;
            }
        }
        if (found == null) {
            // the name without its database, as in clicktype.batch.tables.<table>, when only one table has it
            List<Batcher<?>> named = all.stream().filter(b -> b.table().table().equals(table)).toList();
            found = named.size() == 1 ? named.get(0) : null;
        }
        if (found == null) {
            List<String> names = all.stream().map(b -> b.table().toString()).toList();
            return error(table, "no batcher for table '" + table + "'; the tables are " + names + " (name one as it "
                    + "is written there, or without its database when only one table has that name)",
                    WebEndpointResponse.STATUS_NOT_FOUND);
        }
        // during an outage (its last insert attempts failed) a flush cannot land until ClickHouse is back: answer
        // after a short wait instead of holding the caller for the full 30 s (a trial's call to a write-ahead-log
        // table hung that long)
        long failing = found.stats().consecutiveFailedAttempts();
        int waitSeconds = failing > 0 ? OUTAGE_WAIT_SECONDS : 30;
        try {
            FlushStats flushed = found.handle().flush().get(waitSeconds, TimeUnit.SECONDS);
            DiskSpill disk = disk();
            long waiting = disk == null ? 0 : disk.pendingRows(found.table());
            if (waiting > 0) {
                return unavailable(table, (flushed.rows() == 0 ? "no rows were waiting in memory"
                        : "the flush wrote " + flushed.rows() + " rows") + ", but " + waiting + " rows of this table "
                        + "wait in the disk spill until ClickHouse accepts them; they are replayed automatically "
                        + "(spillPendingRows here, health: spill.pendingRows)");
            }
            return new WebEndpointResponse<>(flushed);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return unavailable(table, "the flush did not land: " + cause.getMessage() + "; "
                    + (found.config().durability() == Durability.WAL
                            ? "its rows are in the write-ahead log: a batch ClickHouse refused is set aside in the "
                                    + "log's rejected/ folder (health: wal.rejectedFilesHeld), any other is retried"
                            : "its rows went to the failed-batch handler (the disk spill, when on), see health"));
        } catch (TimeoutException e) {
            return unavailable(table, failing > 0
                    ? "ClickHouse refused or did not answer the table's last " + failing + " insert attempts, and "
                            + "none landed within " + waitSeconds + " s; the batch is still being retried"
                            + (found.config().durability() == Durability.WAL ? " (its rows are in the write-ahead "
                                    + "log)" : "")
                    : "no acknowledgement from ClickHouse within 30 s; the batch is still being retried");
        }
    }

    private static WebEndpointResponse<Object> unavailable(String table, String error) {
        return error(table, error, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
    }

    private static WebEndpointResponse<Object> error(String table, String error, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", table);
        body.put("error", error);
        return new WebEndpointResponse<>(body, status);
    }
}
