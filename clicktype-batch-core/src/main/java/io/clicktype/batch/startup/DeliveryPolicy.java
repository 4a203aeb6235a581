package io.clicktype.batch.startup;

import io.clicktype.batch.Deduplication;
import io.clicktype.batch.DeliveryGuarantee;
import io.clicktype.batch.InsertMode;
import io.clicktype.batch.TableDelivery;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import io.clicktype.batch.transport.cluster.DistributedEngine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, at start, what a batch sent again does to one table: stored once or twice. From the table's
 * engine and its own {@code SETTINGS} ({@code system.tables.engine_full}), the server's MergeTree defaults
 * ({@code system.merge_tree_settings}) and whether batches carry tokens.
 *
 * <p>The rules are ClickHouse's (docs: "Deduplicating Inserts on Retries", MergeTree settings
 * {@code non_replicated_deduplication_window}, {@code replicated_deduplication_window}, setting
 * {@code async_insert_deduplicate}): Replicated*MergeTree tables deduplicate the last
 * {@code replicated_deduplication_window} inserts (by token, else by block hash); a plain MergeTree only when
 * {@code non_replicated_deduplication_window > 0} (0 by default) and only by token; async inserts only in
 * Replicated tables; other engines never. Stateless.
 */
public final class DeliveryPolicy {

    private static final String NON_REPLICATED_WINDOW = "non_replicated_deduplication_window";
    private static final String REPLICATED_WINDOW = "replicated_deduplication_window";
    /**
     * A plain MergeTree writes a block's token to its deduplication log before it renames the part into place
     * (ClickHouse's MergeTreeSink, in every version of it read, 21.x on), so a server killed between the two keeps the token without the
     * rows and drops the retry as a duplicate; Replicated tables commit the token and the part together in Keeper.
     */
    private static final String SERVER_CRASH_CAVEAT = " (while the server stays up: a server killed during an "
            + "insert can remember a batch's token without its rows and then drop the retry; use a "
            + "Replicated*MergeTree table where that must not happen, docs/delivery.md)";

    private DeliveryPolicy() {
    }

    /**
     * @param engine     the table's engine, or {@code null} when it could not be read
     * @param server     what the server is, or {@code null} when it could not be asked
     * @param tokens     whether batches carry an {@code insert_deduplication_token}
     * @param mode       the configured deduplication (for the reason when tokens are off)
     * @param insertMode the configured insert mode
     */
    public static TableDelivery assess(TableRef table, TableEngine engine, ServerInfo server, boolean tokens,
            Deduplication mode, InsertMode insertMode) {
        if (engine == null || server == null) {
            return atLeastOnce("the table's engine could not be read at start", null);
        }
        // A fix names the database too: run in another session, an unqualified ALTER would change another table.
        String quoted = (table.database() == null && engine.database() != null
                ? new TableRef(engine.database(), table.table()) : table).quoted();
        String name = engine.name();
        if (name.startsWith("Replicated") && name.endsWith("MergeTree")) {
            long window = window(engine, server, REPLICATED_WINDOW, 100);
            if (window == 0) {
                return atLeastOnce(name + " with " + REPLICATED_WINDOW + " = 0",
                        "ALTER TABLE " + quoted + " MODIFY SETTING " + REPLICATED_WINDOW + " = 1000");
            }
            return new TableDelivery(DeliveryGuarantee.EXACTLY_ONCE, name + ", deduplicating the last " + window
                    + " inserts " + (tokens ? "by each batch's insert_deduplication_token" : "by block hash"), null);
        }
        if (name.endsWith("MergeTree")) {
            if (!tokens) {
                return atLeastOnce(mode == Deduplication.OFF ? "deduplication=off: batches carry no token"
                        : "ClickHouse " + server.version() + " has no insert_deduplication_token (added in 22.2), and "
                                + name + " deduplicates only by token",
                        mode == Deduplication.OFF ? "deduplication: auto" : "upgrade ClickHouse to 22.2 or later");
            }
            long window = window(engine, server, NON_REPLICATED_WINDOW, 0);
            boolean async = insertMode == InsertMode.ASYNC;
            if (window == 0) {
                return atLeastOnce(name + " with " + NON_REPLICATED_WINDOW + " = 0"
                        + (declared(engine, NON_REPLICATED_WINDOW) == null ? " (the server's default)" : "")
                        + ": the server ignores insert_deduplication_token",
                        "ALTER TABLE " + quoted + " MODIFY SETTING " + NON_REPLICATED_WINDOW + " = 1000"
                                + (async ? ", and insert mode SYNC (async inserts deduplicate only in Replicated "
                                        + "tables)" : ""));
            }
            if (async) {
                return atLeastOnce("async inserts are deduplicated only in Replicated tables",
                        "insert mode SYNC (clicktype.batch.insert-mode=sync, InsertMode.SYNC)");
            }
            return new TableDelivery(DeliveryGuarantee.EXACTLY_ONCE, name + " with " + NON_REPLICATED_WINDOW + " = "
                    + window + ", deduplicating by each batch's insert_deduplication_token" + SERVER_CRASH_CAVEAT, null);
        }
        if (name.equals("Distributed")) {
            DistributedEngine distributed = DistributedEngine.parse(engine.definition());
            boolean random = distributed != null && !distributed.deterministicKey();
            return atLeastOnce("a Distributed table splits each batch over its shards, whose local tables deduplicate "
                    + "a batch sent again only if it splits into the same blocks" + (random ? ", and its sharding key "
                    + "rand() splits it differently every time" : " (a deterministic sharding key, foreground inserts)"),
                    "clicktype.batch.clickhouse.cluster-mode=direct (ClusterMode.DIRECT): whole batches to one shard's "
                            + "Replicated*MergeTree table, exactly-once across replica failover (docs/cluster.md)");
        }
        return atLeastOnce("engine " + name + " does not deduplicate inserts",
                "use a Replicated*MergeTree table, or a MergeTree with SETTINGS " + NON_REPLICATED_WINDOW + " = 1000");
    }

    private static TableDelivery atLeastOnce(String reason, String fix) {
        return new TableDelivery(DeliveryGuarantee.AT_LEAST_ONCE, reason, fix);
    }

    /** The table's own setting, else the server's default, else {@code fallback}. */
    private static long window(TableEngine engine, ServerInfo server, String setting, long fallback) {
        String value = declared(engine, setting);
        if (value == null) {
            value = server.mergeTreeDefaults().get(setting);
        }
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The value of {@code setting} in the table's own {@code SETTINGS}, or {@code null}. */
    static String declared(TableEngine engine, String setting) {
        String definition = engine.definition();
        int settings = definition == null ? -1 : definition.lastIndexOf(" SETTINGS ");
        if (settings < 0) {
            return null;
        }
        Matcher matcher = Pattern.compile("\\b" + setting + "\\s*=\\s*(\\d+)").matcher(definition.substring(settings));
        return matcher.find() ? matcher.group(1) : null;
    }
}
