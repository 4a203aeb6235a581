package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.spi.TableEngine;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The arguments of a {@code Distributed(cluster, database, table[, sharding_key[, policy]])} engine as
 * {@code system.tables.engine_full} prints them (identifiers bare or quoted with {@code '}, {@code "} or
 * {@code `}; the key an expression). Source: ClickHouse docs, "Distributed table engine".
 *
 * <p>Here, beside the cluster transport that finds a Distributed table's local table with it, rather than in the
 * engine: the engine's start-up policy (whether a retried batch is deduplicated: {@link #deterministicKey()}) may
 * use the transport's packages, while the transport may not use the engine's.
 *
 * @param cluster     the cluster's name
 * @param database    the local table's database, or {@code null} when the argument is empty or an expression
 *                    (e.g. {@code currentDatabase()}): then the Distributed table's own database
 * @param table       the local table on each shard
 * @param shardingKey the sharding expression, or {@code null} when there is none (one shard)
 */
public record DistributedEngine(String cluster, String database, String table, String shardingKey) {

    /** A call of one of ClickHouse's random functions ({@code rand}, {@code rand32}, {@code rand64}, ...). */
    private static final Pattern RANDOM = Pattern.compile("\\brand(32|64|Constant|Canonical)?\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    /** Parses {@code engine_full}; {@code null} when it is not a Distributed engine with at least three arguments. */
    public static DistributedEngine parse(String engineFull) {
        if (engineFull == null || !engineFull.startsWith("Distributed(")) {
            return null;
        }
        List<String> arguments = new TableEngine("Distributed", engineFull).arguments();
        if (arguments.size() < 3) {
            return null;
        }
        String database = unquote(arguments.get(1));
        return new DistributedEngine(unquote(arguments.get(0)),
                database.isEmpty() || database.contains("(") ? null : database, unquote(arguments.get(2)),
                arguments.size() > 3 ? arguments.get(3).trim() : null);
    }

    /**
     * The local table the Distributed table {@code table} forwards to: its engine's database argument, else the
     * database {@code table} is named in, else {@code engineDatabase} (the one {@code system.tables} lists it in).
     */
    public io.clicktype.batch.TableRef localTable(io.clicktype.batch.TableRef table, String engineDatabase) {
        String db = database != null ? database : table.database() != null ? table.database() : engineDatabase;
        return new io.clicktype.batch.TableRef(db, this.table);
    }

    /**
     * Whether the sharding key sends the same rows to the same shard every time: no key (one shard), or one that
     * calls no random function.
     */
    public boolean deterministicKey() {
        return shardingKey == null || !RANDOM.matcher(shardingKey).find();
    }

    private static String unquote(String argument) {
        if (argument.length() >= 2) {
            char first = argument.charAt(0);
            if ((first == '\'' || first == '"' || first == '`') && argument.charAt(argument.length() - 1) == first) {
                StringBuilder out = new StringBuilder();
                for (int i = 1; i < argument.length() - 1; i++) {
                    char c = argument.charAt(i);
                    if (c == '\\' && i + 1 < argument.length() - 1) {
                        c = argument.charAt(++i);
                    }
                    out.append(c);
                }
                return out.toString();
            }
        }
        return argument;
    }
}
