package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * Ingest into many tables of one server, as a service with many {@code @ClickTable}s runs it, in plain Java at the
 * defaults (one transport, {@code ConnectionConfig} and {@code BatchConfig} defaults, the default memory budget);
 * the tables and rows of {@link ManyTables} (a 300-byte payload). Docs: docs/benchmarks.md §10.
 *
 * <ul>
 *   <li>{@code steady URL TABLES SECONDS}: one producer per table inserting as fast as it can; after a warm-up of
 *       5 s, measures SECONDS: rows/s, inserts/s and rows per insert (the batchers' acknowledged flushes and the
 *       server's {@code InsertQuery} counter), heap after a full GC at the end of the window (under load), threads.</li>
 *   <li>{@code paced URL TABLES ROWS_PER_S SECONDS MIN_ROWS MAX_LINGER_S}: each table gets ROWS_PER_S rows a
 *       second, evenly spaced, with {@code minRows}/{@code maxLinger} as given (0 and any linger: the default,
 *       {@code maxWait} 1 s seals every batch); after a warm-up of MAX_LINGER_S + 2 s, measures SECONDS: inserts/s,
 *       rows per insert, the batches' age when sealed (how long the first row waited, the latency it adds).</li>
 * </ul>
 * Prints one {@code RESULT} line. Tables {@code outage_t00...} are (re)created in database {@code many_tables_bench}.
 */
public final class ManyTablesBenchmark {

    private static final String DATABASE = "many_tables_bench";
    private static final String PAYLOAD = "x".repeat(300);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ManyTablesBenchmark() {
    }

    /** Counts what the batchers acknowledged while {@link #measuring}. */
    private static final class Flushes implements BatcherListener {
        final AtomicBoolean measuring = new AtomicBoolean();
        final LongAdder inserts = new LongAdder();
        final LongAdder rows = new LongAdder();
        final List<Long> agesMillis = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void flushSucceeded(TableRef table, FlushStats stats) {
            if (measuring.get()) {
                inserts.increment();
                rows.add(stats.rows());
                agesMillis.add(stats.batchAge().toMillis());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String mode = args[1];
        int tables = Integer.parseInt(args[2]);
        boolean paced = mode.equals("paced");
        int rate = paced ? Integer.parseInt(args[3]) : 0;
        long seconds = Long.parseLong(args[paced ? 4 : 3]);
        int minRows = paced ? Integer.parseInt(args[5]) : 0;
        Duration maxLinger = paced ? Duration.ofSeconds(Long.parseLong(args[6])) : BatchConfig.defaults().maxLinger();

        sql(url, "default", "CREATE DATABASE IF NOT EXISTS " + DATABASE);
        for (int t = 0; t < tables; t++) {
            sql(url, DATABASE, "DROP TABLE IF EXISTS " + ManyTables.table(t));
            sql(url, DATABASE, "CREATE TABLE " + ManyTables.table(t) + " (id UInt64, payload String) "
                    + "ENGINE = MergeTree() ORDER BY id");
        }
        BatchConfig config = paced
                ? BatchConfig.builder().minRows(minRows).maxLinger(maxLinger.compareTo(Duration.ofSeconds(1)) < 0
                        ? Duration.ofSeconds(1) : maxLinger).build()
                : BatchConfig.defaults();
        Flushes flushes = new Flushes();
        // -Dbench.maxConnections: the pool as the starter sizes it (tables + 4) instead of plain Java's 10
        ClickHouseTransport transport = ClickHouseTransports.clientV2(ConnectionConfig.builder(url).database(DATABASE)
                .maxConnections(Integer.getInteger("bench.maxConnections", ConnectionConfig.DEFAULT_MAX_CONNECTIONS))
                .build());
        List<Batcher<Object>> batchers = new ArrayList<>();
        List<BatcherHandle<Object>> handles = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
            @SuppressWarnings("unchecked")
            Batcher<Object> batcher = (Batcher<Object>) (Batcher<?>) Batcher.builder(ManyTables.TYPES.get(t))
                    .transport(transport).config(config).listener(flushes).build();
            batchers.add(batcher);
            handles.add(batcher.start());
        }

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        ScheduledExecutorService pacer = null;
        if (paced) {
            pacer = Executors.newScheduledThreadPool(2);
            long periodMicros = 1_000_000L / rate;
            for (int t = 0; t < tables; t++) {
                BatcherHandle<Object> handle = handles.get(t);
                BiFunction<Long, String, Object> row = ManyTables.rowMaker(t);
                AtomicLong id = new AtomicLong((t + 1) * 1_000_000_000L);
                // spread the tables over the period, as independent clients would be
                pacer.scheduleAtFixedRate(() -> {
                    handle.insert(row.apply(id.getAndIncrement(), PAYLOAD));
                    accepted.incrementAndGet();
                }, periodMicros * t / tables, periodMicros, TimeUnit.MICROSECONDS);
            }
        } else {
            for (int t = 0; t < tables; t++) {
                BatcherHandle<Object> handle = handles.get(t);
                BiFunction<Long, String, Object> row = ManyTables.rowMaker(t);
                long base = (t + 1) * 1_000_000_000L;
                Thread producer = new Thread(() -> {
                    for (long id = base; running.get(); id++) {
                        try {
                            handle.insert(row.apply(id, PAYLOAD));
                            accepted.incrementAndGet();
                        } catch (BatchQueueFullException e) {
                            // counted by the batcher as timed out; steady ingest should not see it
                        }
                    }
                }, "producer-" + t);
                producers.add(producer);
                producer.start();
            }
        }

        long warmUpMillis = paced ? maxLinger.toMillis() + 2_000 : 5_000;
        TimeUnit.MILLISECONDS.sleep(warmUpMillis); // the warm-up's length, not a wait for anything
        long serverInsertsBefore = serverInserts(url);
        long acceptedBefore = accepted.get();
        long start = System.nanoTime();
        flushes.measuring.set(true);
        TimeUnit.SECONDS.sleep(seconds); // the measurement window
        flushes.measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long acceptedInWindow = accepted.get() - acceptedBefore;
        long serverInserts = serverInserts(url) - serverInsertsBefore;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long libraryThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("clicktype-batch-")).count();
        System.gc();
        long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        running.set(false);
        if (pacer != null) {
            pacer.shutdown();
            pacer.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (Thread producer : producers) {
            producer.join();
        }
        for (Batcher<Object> batcher : batchers) {
            batcher.close();
        }
        transport.close();

        long inserts = flushes.inserts.sum();
        long rows = flushes.rows.sum();
        long[] ages = flushes.agesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(java.util.Locale.ROOT, "RESULT mode=%s tables=%d rate=%d minRows=%d maxLinger=%ds "
                        + "seconds=%.1f acceptedRowsPerS=%.0f flushedRowsPerS=%.0f insertsPerS=%.2f "
                        + "serverInsertsPerS=%.2f rowsPerInsert=%.0f batchAgeP50Ms=%d batchAgeMaxMs=%d "
                        + "heapAfterGcMiB=%.1f maxHeapMiB=%d threads=%d libraryThreads=%d maxConnections=%d%n",
                mode, tables, rate, config.minRows(), config.maxLinger().toSeconds(), elapsed, acceptedInWindow / elapsed, rows / elapsed,
                inserts / elapsed, serverInserts / elapsed, inserts == 0 ? 0.0 : (double) rows / inserts,
                percentile(ages, 0.5), percentile(ages, 1.0), heapAfterGc / 1048576.0,
                Runtime.getRuntime().maxMemory() >> 20, threads, libraryThreads,
                Integer.getInteger("bench.maxConnections", ConnectionConfig.DEFAULT_MAX_CONNECTIONS));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The server's count of INSERT queries since it started. */
    private static long serverInserts(String url) throws Exception {
        String value = sql(url, "default", "SELECT value FROM system.events WHERE event = 'InsertQuery'").trim();
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static String sql(String url, String database, String statement) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/?database="
                        + URLEncoder.encode(database, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(statement + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
