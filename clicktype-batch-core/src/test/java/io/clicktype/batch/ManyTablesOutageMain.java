package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.BiFunction;

/**
 * The application of {@link ManyTablesOutageIT}, run in its own JVM with a small heap: fifty batchers at their
 * defaults (sharing the default memory budget), one producer thread per table inserting as fast as it can, a disk
 * spill ({@code memory}) or a write-ahead log per table ({@code wal}). The test takes ClickHouse away and back;
 * meanwhile this prints a heartbeat each second from a thread of its own (the "health endpoint" of this app). On the
 * line {@code stop} on stdin it stops the producers, flushes and closes every batcher, waits until the spill is
 * replayed, and prints what it accepted. Args: url, database, mode ({@code memory}|{@code wal}), directory.
 */
public final class ManyTablesOutageMain {

    private static final String PAYLOAD = "x".repeat(300);

    private ManyTablesOutageMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String database = args[1];
        boolean wal = args[2].equals("wal");
        Path directory = Path.of(args[3]);
        ClickHouseTransport transport = ClickHouseTransports.clientV2(ConnectionConfig.builder().endpoints(List.of(url))
                .database(database).connectTimeout(Duration.ofMillis(500))
                // a connection per table's sender plus a few, as the starter sizes it (plain Java's default is 10)
                .maxConnections(ManyTables.TYPES.size() + 4).build());
        DiskSpill spill = wal ? null : DiskSpill.builder(directory.resolve("spill"), transport)
                .replayInterval(Duration.ofSeconds(1)).build();
        BatchConfig config = wal ? BatchConfig.builder().durability(Durability.WAL)
                // default fsync; 32 MiB per table instead of 1 GiB, so fifty logs fit the test machine's disk
                .wal(WalConfig.defaults().withDirectory(directory.resolve("wal")).withMaxSize(32L << 20)).build()
                : BatchConfig.defaults();
        List<Batcher<Object>> batchers = new ArrayList<>();
        List<BatcherHandle<Object>> handles = new ArrayList<>();
        for (Class<? extends Record> type : ManyTables.TYPES) {
            @SuppressWarnings("unchecked")
            Batcher.Builder<Object> builder = (Batcher.Builder<Object>) (Batcher.Builder<?>) Batcher.builder(type)
                    .transport(transport).config(config);
            if (spill != null) {
                builder.failedBatchHandler(spill);
            }
            Batcher<Object> batcher = builder.build();
            batchers.add(batcher);
            handles.add(batcher.start());
        }
        if (spill != null) {
            spill.start();
        }

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean outOfMemory = new AtomicBoolean();
        LongAccumulator longestInsertNanos = new LongAccumulator(Math::max, 0);
        LongAccumulator longestAcceptedNanos = new LongAccumulator(Math::max, 0);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < handles.size(); t++) {
            BatcherHandle<Object> handle = handles.get(t);
            BiFunction<Long, String, Object> row = ManyTables.rowMaker(t);
            long base = (t + 1) * 1_000_000_000L;
            Thread producer = new Thread(() -> {
                for (long id = base; running.get(); id++) {
                    long started = System.nanoTime();
                    try {
                        Object next = row.apply(id, PAYLOAD);
                        started = System.nanoTime();
                        handle.insert(next);
                        accepted.incrementAndGet();
                        longestAcceptedNanos.accumulate(System.nanoTime() - started);
                    } catch (BatchQueueFullException e) {
                        refused.incrementAndGet();
                        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        if (tookMillis > 5_500) {
                            System.out.println("SLOW REFUSAL " + tookMillis + " ms: " + e.getMessage());
                        }
                    } catch (OutOfMemoryError e) {
                        outOfMemory.set(true);
                        return;
                    } finally {
                        longestInsertNanos.accumulate(System.nanoTime() - started);
                    }
                }
            }, "producer-" + t);
            producers.add(producer);
            producer.start();
        }
        Thread heartbeat = new Thread(() -> {
            while (running.get()) {
                MemoryBudget budget = MemoryBudget.jvmDefault();
                System.out.println("HEARTBEAT " + System.currentTimeMillis() + " accepted=" + accepted.get()
                        + " used=" + budget.usedBytes() + " max=" + budget.maxBytes() + " running="
                        + batchers.stream().allMatch(b -> b.stats().running()));
                try {
                    TimeUnit.SECONDS.sleep(1); // the heartbeat's period, not a wait for anything
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
        System.out.println("READY");

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (!"stop".equals(commands.readLine())) {
            // wait for the test's command
        }
        running.set(false);
        for (Thread producer : producers) {
            producer.join();
        }
        long closeStarted = System.nanoTime();
        for (BatcherHandle<Object> handle : handles) {
            handle.flush().exceptionally(e -> null).get(120, TimeUnit.SECONDS);
        }
        for (Batcher<Object> batcher : batchers) {
            batcher.close();
        }
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted);
        long lost = 0;
        for (Batcher<Object> batcher : batchers) {
            lost += batcher.stats().lostRows();
        }
        if (spill != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (spill.stats().pendingRows() > 0 && System.nanoTime() < deadline) {
                spill.replayNow();
            }
            lost += spill.stats().droppedRows();
            System.out.println("SPILL pending=" + spill.stats().pendingRows() + " spilled=" + spill.stats().spilledRows()
                    + " replayed=" + spill.stats().replayedRows());
            spill.close();
        }
        System.out.println("LONGEST accepted insert " + TimeUnit.NANOSECONDS.toMillis(longestAcceptedNanos.get()) + " ms");
        System.out.println("RESULT accepted=" + accepted.get() + " refused=" + refused.get() + " lost=" + lost
                + " longestInsertMillis=" + TimeUnit.NANOSECONDS.toMillis(longestInsertNanos.get()) + " closeMillis="
                + closeMillis + " outOfMemory=" + outOfMemory.get() + " budgetUsedAfterClose="
                + MemoryBudget.jvmDefault().usedBytes());
        transport.close();
    }
}
