package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.ShardedTransport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a {@link ShardedBatcher} hands to each shard's batcher. */
class ShardedBatcherTest {

    @ClickTable("events")
    public record Event(long id, String text) {
    }

    private static final List<TableColumn> COLUMNS = List.of(new TableColumn("id", "UInt64", ""),
            new TableColumn("text", "String", ""));

    /**
     * The columns given to the builder serve every shard (none is asked for them at start; each batch is still checked
     * against the table as it is when sent), and the memory budget given to it
     * is the one every shard's batcher charges: a sharded table in a JVM with a budget of its own stays inside it.
     */
    @Test
    void everyShardsBatcherUsesTheGivenColumnsAndMemoryBudget() throws Exception {
        MemoryBudget budget = MemoryBudget.ofMaxBytes(64L << 20);
        TwoShards cluster = new TwoShards();
        try (ShardedBatcher<Event> sharded = ShardedBatcher.builder(Event.class, Event::id).transport(cluster)
                .columns(COLUMNS).memoryBudget(budget).closeOnJvmExit(false).build()) {
            BatcherHandle<Event> handle = sharded.start();
            assertThat(cluster.described).as("describeTable calls at start").hasValue(0);
            handle.insert(new Event(1, "a"));
            handle.insert(new Event(2, "b"));
            var flushed = handle.flush();

            assertThat(budget.usedBytes()).as("rows held while the inserts wait").isPositive();
            cluster.open.countDown();
            flushed.get(30, TimeUnit.SECONDS);
            assertThat(cluster.rows).containsOnlyKeys(1, 2);
            assertThat(cluster.rows.get(1).get() + cluster.rows.get(2).get()).isEqualTo(2);
        }
    }

    /** Two shards of one replica each; inserts wait for {@link #open}; asking for the table's columns is counted. */
    private static final class TwoShards implements ShardedTransport {
        final CountDownLatch open = new CountDownLatch(1);
        final Map<Integer, AtomicLong> rows = Map.of(1, new AtomicLong(), 2, new AtomicLong());
        final AtomicLong described = new AtomicLong();

        @Override
        public List<ClusterNodeState> clusterNodes() {
            return List.of(new ClusterNodeState(1, 1, 1, "http://shard1:8123", true, null, 0, 0, 0),
                    new ClusterNodeState(2, 1, 1, "http://shard2:8123", true, null, 0, 0, 0));
        }

        @Override
        public ClickHouseTransport shard(int shardNumber) {
            // the cluster's metadata, this shard's inserts
            return new ForwardingTransport(this) {
                @Override
                public void insert(InsertRequest request) {
                    try {
                        if (!open.await(30, TimeUnit.SECONDS)) {
                            throw new TransportException("held too long (test)", true, 0, 0, null);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TransportException("interrupted (test)", true, 0, 0, e);
                    }
                    rows.get(shardNumber).addAndGet(request.rows());
                }
            };
        }

        @Override
        public void insert(InsertRequest request) {
            throw new AssertionError("a ShardedBatcher writes through shard(n) only");
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            described.incrementAndGet();
            return COLUMNS;
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("25.8.1", Set.of(), Set.of());
        }

        @Override
        public void close() {
        }
    }
}
