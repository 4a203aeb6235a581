package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ShardedTransport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * One table's rows kept on the shard their sharding key says, in a cluster written to directly
 * ({@link ClusterMode#DIRECT}): one {@link Batcher} per shard, each writing through
 * {@link ShardedTransport#shard(int)} to that shard's replicas only. While a shard is down its rows wait:
 * its batcher retries, its queue fills and {@code insert} blocks up to {@code maxBlock} for that shard's rows
 * only, and batches that exhaust their retries go to that shard's {@link FailedBatchHandler} (e.g. a
 * {@link DiskSpill} over {@code transport.shard(n)}, whose replays go back to the same shard). Rows of the other
 * shards are not held up.
 *
 * <p>The shard of a row: the sharding key (a {@code long} the caller's function takes from the row, e.g.
 * {@code Event::userId}), taken as unsigned, modulo the sum of the shards' {@code shard_weight}, and the shards
 * owning consecutive ranges of that many slots in {@code shard_num} order — the rule ClickHouse's
 * {@code Distributed} engine applies to its sharding expression (docs: "Distributed table engine", writing
 * data). So rows land where the {@code Distributed} table would put them when its sharding expression is that
 * same integer (e.g. {@code Distributed(c, db, events_local, user_id)}), and nowhere in particular relative to
 * any other expression (a hash such as {@code intHash64(user_id)}, {@code rand()}). The shards are read at
 * {@link #start()} and fixed for this batcher's life.
 *
 * <p>Thread-safe, as {@link Batcher}. Hot path: one call of the key function, one remainder and a scan of at
 * most as many shards as the cluster has; nothing allocated per row.
 *
 * @param <T> the row type
 */
public final class ShardedBatcher<T> implements AutoCloseable {

    private final Builder<T> builder;
    private List<Batcher<T>> shards;
    private long[] slotEnds;
    private BatcherHandle<T> handle;

    private ShardedBatcher(Builder<T> builder) {
        this.builder = builder;
    }

    /**
     * A builder for rows of {@code rowType} sharded by {@code shardingKey}.
     *
     * @param shardingKey the row's sharding key, taken as unsigned (e.g. {@code Event::userId})
     */
    public static <T> Builder<T> builder(Class<T> rowType, ToLongFunction<? super T> shardingKey) {
        return new Builder<>(rowType, shardingKey);
    }

    /**
     * Reads the cluster's shards, builds and starts one batcher per shard, and returns the handle that routes each
     * row to its shard's batcher.
     *
     * @throws UnsupportedOperationException when the transport does not write to a cluster
     * @throws ClickTypeBatchException       when a shard's batcher cannot start (as {@link Batcher#start()})
     */
    public synchronized BatcherHandle<T> start() {
        if (handle != null) {
            return handle;
        }
        TreeMap<Integer, Integer> weights = new TreeMap<>();
        ShardedTransport cluster = builder.transport instanceof ShardedTransport sharded ? sharded : null;
        for (ClusterNodeState node : cluster == null ? List.<ClusterNodeState>of() : cluster.clusterNodes()) {
            weights.put(node.shard(), Math.max(1, node.weight()));
        }
        if (weights.isEmpty()) {
            throw new UnsupportedOperationException("ShardedBatcher for " + builder.rowType.getName() + " needs a "
                    + "transport that writes to a cluster whose topology it can read; set ConnectionConfig.cluster "
                    + "(clicktype.batch.clickhouse.cluster) with cluster-mode direct");
        }
        List<Batcher<T>> built = new ArrayList<>();
        long[] ends = new long[weights.size()];
        long total = 0;
        int index = 0;
        try {
            for (var shard : weights.entrySet()) {
                total += shard.getValue();
                ends[index++] = total;
                Batcher.Builder<T> one = Batcher.builder(builder.rowType)
                        .transport(cluster.shard(shard.getKey()))
                        .config(builder.config).listener(builder.listener).closeOnJvmExit(builder.closeOnJvmExit);
                FailedBatchHandler handler = builder.failedBatchHandlers == null ? null
                        : builder.failedBatchHandlers.apply(shard.getKey());
                if (handler != null) {
                    one.failedBatchHandler(handler);
                }
                if (builder.memoryBudget != null) {
                    one.memoryBudget(builder.memoryBudget);
                }
                if (builder.columns != null) {
                    one.columns(builder.columns);
                }
                Batcher<T> batcher = one.build();
                built.add(batcher);
                batcher.start();
            }
        } catch (RuntimeException e) {
            built.forEach(Batcher::close);
            throw e;
        }
        this.shards = List.copyOf(built);
        this.slotEnds = ends;
        this.handle = new RoutingHandle();
        return handle;
    }

    /** The shard (its {@code shard_num}, from 1) {@code row} goes to. @throws IllegalStateException before start */
    public int shardOf(T row) {
        return index(row) + 1;
    }

    /** The batcher of shard {@code shardNumber} (from 1): its stats, delivery and handle. */
    public synchronized Batcher<T> shard(int shardNumber) {
        requireStarted();
        return shards.get(shardNumber - 1);
    }

    /** Every shard's stats, in shard order. */
    public synchronized List<BatcherStats> stats() {
        requireStarted();
        return shards.stream().map(Batcher::stats).toList();
    }

    /** Closes every shard's batcher (each drains and flushes, as {@link Batcher#close()}). Idempotent. */
    @Override
    public synchronized void close() {
        if (shards != null) {
            shards.forEach(Batcher::close);
        }
    }

    private int index(T row) {
        long[] ends = slotEnds;
        if (ends == null) {
            throw new IllegalStateException("ShardedBatcher is not started");
        }
        long slot = Long.remainderUnsigned(builder.shardingKey.applyAsLong(row), ends[ends.length - 1]);
        int shard = 0;
        while (slot >= ends[shard]) {
            shard++;
        }
        return shard;
    }

    private void requireStarted() {
        if (shards == null) {
            throw new IllegalStateException("ShardedBatcher is not started");
        }
    }

    /** Routes each row to its shard's handle. */
    private final class RoutingHandle implements BatcherHandle<T> {

        @Override
        public void insert(T row) {
            shards.get(index(row)).handle().insert(row);
        }

        @Override
        public CompletionStage<FlushStats> submit(T row) {
            return shards.get(index(row)).handle().submit(row);
        }

        @Override
        public boolean tryInsert(T row) {
            return shards.get(index(row)).handle().tryInsert(row);
        }

        /**
         * Queues the rows shard by shard, each shard's rows as one unit (all or none, validated before any of them
         * is queued); rows of shards queued before a shard that fails (a row it refuses, a full queue) stay
         * queued. Unlike one {@link Batcher}'s {@code insertMany}, a row refused for a later shard does not keep the
         * earlier shards' rows out.
         */
        @Override
        public void insertMany(Collection<? extends T> rows) {
            List<List<T>> byShard = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                byShard.add(new ArrayList<>());
            }
            for (T row : rows) {
                byShard.get(index(row)).add(row);
            }
            for (int i = 0; i < shards.size(); i++) {
                if (!byShard.get(i).isEmpty()) {
                    shards.get(i).handle().insertMany(byShard.get(i));
                }
            }
        }

        /** Flushes every shard; completes with the summed rows and bytes when all have. */
        @Override
        public CompletableFuture<FlushStats> flush() {
            List<CompletableFuture<FlushStats>> flushes = shards.stream().map(b -> b.handle().flush()).toList();
            return CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new)).thenApply(done -> {
                long rows = 0;
                long bytes = 0;
                FlushStats last = null;
                for (CompletableFuture<FlushStats> flush : flushes) {
                    FlushStats stats = flush.join();
                    rows += stats.rows();
                    bytes += stats.bytes();
                    last = stats;
                }
                return new FlushStats(rows, bytes, last.duration(), last.batchAge(), last.trigger(), last.attempts());
            });
        }

        @Override
        public int queuedRows() {
            return shards.stream().mapToInt(b -> b.handle().queuedRows()).sum();
        }

        @Override
        public TableRef table() {
            return shards.get(0).table();
        }
    }

    /** Builds a {@link ShardedBatcher}; the transport is required. */
    public static final class Builder<T> {
        private final Class<T> rowType;
        private final ToLongFunction<? super T> shardingKey;
        private ClickHouseTransport transport;
        private BatchConfig config = BatchConfig.defaults();
        private BatcherListener listener = BatcherListener.NOOP;
        private IntFunction<FailedBatchHandler> failedBatchHandlers;
        private boolean closeOnJvmExit = true;
        private MemoryBudget memoryBudget;
        private List<TableColumn> columns;

        private Builder(Class<T> rowType, ToLongFunction<? super T> shardingKey) {
            this.rowType = Objects.requireNonNull(rowType, "rowType");
            this.shardingKey = Objects.requireNonNull(shardingKey, "shardingKey");
        }

        /**
         * The cluster transport (required): a {@link ShardedTransport}, e.g. {@link ClickHouseTransports#cluster}
         * ({@link ConnectionConfig#cluster()} set, normally in direct mode); another one fails at {@link #start()}.
         */
        public Builder<T> transport(ClickHouseTransport value) {
            transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** Every shard's batching configuration; defaults to {@link BatchConfig#defaults()}. */
        public Builder<T> config(BatchConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Receives the figures of every shard's batcher (all under the one table). */
        public Builder<T> listener(BatcherListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * The failed-batch handler of each shard, by {@code shard_num}; a handler that sends batches again must send
         * them to the same shard, e.g. {@code n -> DiskSpill.builder(dir.resolve("shard-" + n),
         * transport.shard(n)).build().start()}. Without one, failed batches are logged and counted as lost.
         */
        public Builder<T> failedBatchHandlers(IntFunction<FailedBatchHandler> value) {
            failedBatchHandlers = Objects.requireNonNull(value, "failedBatchHandlers");
            return this;
        }

        /**
         * The memory budget every shard's batcher shares with the JVM's other batchers, as
         * {@link Batcher.Builder#memoryBudget(MemoryBudget)}; defaults to {@link MemoryBudget#jvmDefault()}.
         */
        public Builder<T> memoryBudget(MemoryBudget value) {
            memoryBudget = Objects.requireNonNull(value, "memoryBudget");
            return this;
        }

        /**
         * The table's columns for every shard's batcher, as {@link Batcher.Builder#columns(List)}: the shards hold
         * the same local table, so one list serves all, and no shard is asked for it at start.
         */
        public Builder<T> columns(List<TableColumn> value) {
            columns = List.copyOf(Objects.requireNonNull(value, "columns"));
            return this;
        }

        /** As {@link Batcher.Builder#closeOnJvmExit(boolean)}. */
        public Builder<T> closeOnJvmExit(boolean value) {
            closeOnJvmExit = value;
            return this;
        }

        /** @throws IllegalStateException without a transport */
        public ShardedBatcher<T> build() {
            if (transport == null) {
                throw new IllegalStateException("ShardedBatcher for " + rowType.getName() + " needs a transport");
            }
            return new ShardedBatcher<>(this);
        }
    }
}
