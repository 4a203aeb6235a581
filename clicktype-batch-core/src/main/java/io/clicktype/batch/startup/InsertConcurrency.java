package io.clicktype.batch.startup;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.spi.TableEngine;
import java.util.Set;

/**
 * Decides, at start, how many inserts of one table run at once ({@link BatchConfig#insertsInFlight()}).
 *
 * <p>Why more than one: while one insert's batch is parsed and written by the server, the next can already be on its
 * way, and the server writes both in parallel; with one in flight each table waits out every insert's round trip
 * (docs/benchmarks.md §12). Why not always: concurrent inserts may land out of order, and for some engines the order
 * of inserts decides what a merge keeps (ClickHouse docs, table engines): a {@code ReplacingMergeTree} without a
 * version column keeps the last inserted row; a {@code CollapsingMergeTree} collapses a state and its cancel row only
 * in insert order ({@code VersionedCollapsingMergeTree} exists to lift that); a {@code GraphiteMergeTree} keeps the
 * last of equal versions; an {@code AggregatingMergeTree} may hold order-dependent states ({@code anyLast}); the
 * {@code Log} family and {@code Memory} keep rows in insert order. Materialized views see each insert as it lands, and
 * their targets may be any of these.
 *
 * <p>And the server must check each insert's column types itself, atomically with the insert
 * ({@code RowBinaryWithNamesAndTypes} or a Native block's types; ClickHouse 20.x on): an older server (18.16) reads
 * plain RowBinary as whatever the columns are when the insert starts, and the batcher's only guard there is to read
 * the table before every batch ({@link io.clicktype.batch.schema.SchemaGuard}). With two inserts in flight an
 * {@code ALTER} that lands between one insert's read and its start has two inserts to catch instead of one
 * ({@code SchemaChangeIT} caught one: rows read as the new type).
 *
 * <p>So {@link BatchConfig#INSERTS_IN_FLIGHT_AUTO} chooses {@link BatchConfig#AUTO_INSERTS_IN_FLIGHT} only on a server
 * that checks types, for an engine known not to depend on order, with no materialized view reading the table; 1
 * otherwise (also when the engine could not be read). A {@code Distributed} table is judged by the local table its
 * inserts are forwarded to (the shards' table, read on the node the batcher asks), and by the views reading either.
 * A number set by the user is kept;
 * above 1 on an order-dependent table it comes with a warning. Stateless.
 */
public final class InsertConcurrency {

    /** MergeTree engines whose merges give the same result whatever the order of inserts (less any prefix). */
    private static final Set<String> ORDER_FREE = Set.of("MergeTree", "SummingMergeTree",
            "VersionedCollapsingMergeTree");

    /**
     * How many inserts run at once, and why.
     *
     * @param insertsInFlight at least 1
     * @param reason          why, for the start-up log line, e.g. {@code "MergeTree, no materialized views"}
     * @param warning         a warning to log at start (the user chose concurrency on an order-dependent table), or
     *                        {@code null}
     */
    public record Decision(int insertsInFlight, String reason, String warning) {
    }

    private InsertConcurrency() {
    }

    /** {@link #decide(TableEngine, TableEngine, int, Boolean)} for a table that is not {@code Distributed}. */
    public static Decision decide(TableEngine engine, int configured, Boolean checksTypes) {
        return decide(engine, null, configured, checksTypes);
    }

    /**
     * @param engine       the table's engine, or {@code null} when it could not be read
     * @param local        for a {@code Distributed} table, its local table's engine ({@code null} when not read)
     * @param configured   {@link BatchConfig#insertsInFlight()}
     * @param checksTypes  whether the server checks each insert's column types itself
     *                     ({@code RowBinaryWithNamesAndTypes}); {@code null} when it could not be asked
     */
    public static Decision decide(TableEngine engine, TableEngine local, int configured, Boolean checksTypes) {
        boolean distributed = engine != null && "Distributed".equals(engine.name());
        String dependence = distributed ? distributedOrderDependence(engine, local) : orderDependence(engine);
        String unchecked = Boolean.TRUE.equals(checksTypes) ? null : checksTypes == null
                ? "the server could not be asked whether it checks insert types"
                : "the server does not check an insert's column types itself (before ClickHouse 20.x)";
        if (configured != BatchConfig.INSERTS_IN_FLIGHT_AUTO) {
            String warning = null;
            if (configured > 1 && dependence != null && engine != null) {
                warning = "insertsInFlight " + configured + " for a table where the order of inserts matters ("
                        + dependence + "): concurrent inserts may land out of order; set "
                        + "clicktype.batch.inserts-in-flight to 1 for this table unless that order does not matter "
                        + "to you";
            } else if (configured > 1 && Boolean.FALSE.equals(checksTypes)) {
                warning = "insertsInFlight " + configured + " where " + unchecked + ": an ALTER of a column's type "
                        + "while inserts run may have rows of every insert then in flight read as the new type; set "
                        + "clicktype.batch.inserts-in-flight to 1 unless no such ALTER runs while the table is written";
            }
            return new Decision(configured, "configured", warning);
        }
        if (dependence != null) {
            return new Decision(1, dependence, null);
        }
        if (unchecked != null) {
            return new Decision(1, unchecked, null);
        }
        return new Decision(BatchConfig.AUTO_INSERTS_IN_FLIGHT, (distributed ? "Distributed over " + local.name()
                : engine.name()) + ", no materialized views", null);
    }

    /** {@link #orderDependence} for a Distributed table: views reading it, then its local table. */
    private static String distributedOrderDependence(TableEngine engine, TableEngine local) {
        if (engine.dependencies() == null) {
            return "whether materialized views read the Distributed table could not be read at start";
        }
        if (engine.dependencies()) {
            return "materialized views read each insert into the Distributed table, and their targets may depend on "
                    + "the order";
        }
        if (local == null) {
            return "the engine of the Distributed table's local table could not be read at start";
        }
        String dependence = orderDependence(local);
        return dependence == null ? null : "Distributed over a table where " + dependence;
    }

    /** Why the order of inserts may matter to this table, or {@code null} when it does not. */
    static String orderDependence(TableEngine engine) {
        if (engine == null || engine.name() == null) {
            return "its engine could not be read at start";
        }
        String name = engine.name();
        String family = name.startsWith("Replicated") ? name.substring("Replicated".length())
                : name.startsWith("Shared") ? name.substring("Shared".length()) : name;
        if (family.equals("ReplacingMergeTree")) {
            if (!hasVersionColumn(engine)) {
                return name + " without a version column keeps the last row inserted";
            }
        } else if (!ORDER_FREE.contains(family)) {
            return "engine " + name + (family.endsWith("MergeTree") ? " may keep what was inserted last"
                    : " is not a MergeTree known not to depend on insert order");
        }
        if (engine.dependencies() == null) {
            return "whether materialized views read it could not be read at start";
        }
        if (engine.dependencies()) {
            return "materialized views read each insert into it, and their targets may depend on the order";
        }
        return null;
    }

    /**
     * Whether a Replacing engine names a version column: an argument that is not a string literal (a Replicated
     * engine's first two are its Keeper path and replica name, quoted).
     */
    private static boolean hasVersionColumn(TableEngine engine) {
        for (String argument : engine.arguments()) {
            if (!argument.isEmpty() && argument.charAt(0) != '\'') {
                return true;
            }
        }
        return false;
    }
}
