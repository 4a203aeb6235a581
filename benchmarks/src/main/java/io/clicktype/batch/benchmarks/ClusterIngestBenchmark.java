package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ingest into a cluster (2 shards × 2 replicas, {@code ReplicatedMergeTree} + {@code Distributed}), the same rows
 * and {@link BatchConfig#defaults()} in every run, three ways: {@link ClusterMode#DIRECT}, and
 * {@link ClusterMode#DISTRIBUTED} with foreground inserts ({@code insert_distributed_sync=1}) and with the
 * server's default (background). The contenders take turns, {@code rounds} times, each into fresh tables; it
 * prints rows/s per run and each way's mean as a ratio to direct mode. The time counts from the first insert to
 * the acknowledged flush (replication to the second replica afterwards is not counted, but is awaited and the
 * count checked). Usage: start the cluster with {@code ClickHouseClusterMain}, then
 * {@code java -cp benchmarks.jar io.clicktype.batch.benchmarks.ClusterIngestBenchmark <url,url,...> <cluster>
 * [rows] [rounds]}.
 */
public final class ClusterIngestBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ClusterIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = List.of(args[0].split(","));
        String cluster = args[1];
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        IngestBenchmark.Event[] events = new IngestBenchmark.Event[4096];
        for (int i = 0; i < events.length; i++) {
            events[i] = new IngestBenchmark.Event(i, Instant.ofEpochSecond(1_700_000_000L + i), "/products/" + i,
                    "https://www.example.com/search?q=" + i, "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
                    i % 2 == 0 ? "DE" : "US", i * 7L, i * 0.25, i % 3 == 0 ? null : "campaign-" + (i % 10),
                    List.of("tag" + (i % 5), "x"));
        }
        System.out.printf("cluster ingest of %,d rows, %d rounds, into %s (ClickHouse %s), JVM %s%n", rows, rounds,
                urls, sql(urls.get(0), "SELECT version()").trim(), Runtime.version());
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        int table = 0;
        for (int round = 1; round <= rounds; round++) {
            for (String way : List.of("direct", "distributed, foreground", "distributed, background")) {
                String database = "cluster_bench_" + (++table);
                create(urls, cluster, database);
                ClusterConfig config = switch (way) {
                    case "direct" -> ClusterConfig.of(cluster, ClusterMode.DIRECT);
                    case "distributed, foreground" -> new ClusterConfig(cluster, ClusterMode.DISTRIBUTED, true, null);
                    default -> ClusterConfig.of(cluster, ClusterMode.DISTRIBUTED);
                };
                double rate = run(urls, database, config, rows, events);
                rates.computeIfAbsent(way, w -> new ArrayList<>()).add(rate);
                System.out.printf("round %d  %-26s %,12.0f rows/s%n", round, way, rate);
                drop(urls, database);
            }
        }
        double direct = mean(rates.get("direct"));
        System.out.println();
        System.out.println("| way | rows/s (mean) | ratio to direct |");
        System.out.println("|---|---:|---:|");
        rates.forEach((way, list) -> System.out.printf("| %s | %,.0f | %.2f |%n", way, mean(list), mean(list) / direct));
    }

    private static double run(List<String> urls, String database, ClusterConfig cluster, int rows,
            IngestBenchmark.Event[] events) throws Exception {
        ConnectionConfig connection = ConnectionConfig.builder().endpoints(urls).database(database).cluster(cluster)
                .build();
        long started;
        long elapsed;
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(connection);
                Batcher<IngestBenchmark.Event> batcher = Batcher.builder(IngestBenchmark.Event.class)
                        .transport(transport).config(BatchConfig.defaults()).build()) {
            BatcherHandle<IngestBenchmark.Event> handle = batcher.start();
            started = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                handle.insert(events[i & 4095]);
            }
            handle.flush().get(10, TimeUnit.MINUTES);
            elapsed = System.nanoTime() - started;
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String count;
        do {
            count = sql(urls.get(0), "SELECT count() FROM " + database + ".ingest_events").trim();
        } while (!count.equals(Integer.toString(rows)) && System.nanoTime() < deadline);
        if (!count.equals(Integer.toString(rows))) {
            throw new IllegalStateException(database + " has " + count + " rows, expected " + rows);
        }
        return rows / (elapsed / 1e9);
    }

    private static void create(List<String> urls, String cluster, String database) throws Exception {
        for (String url : urls) {
            sql(url, "CREATE DATABASE " + database);
            sql(url, "CREATE TABLE " + database + ".ingest_local (id Int64, ts DateTime, url String, referrer String, "
                    + "user_agent String, country String, user_id UInt32, duration Float64, note Nullable(String), "
                    + "tags Array(String)) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + database
                    + ".ingest_local', '{replica}') ORDER BY id");
            sql(url, "CREATE TABLE " + database + ".ingest_events AS " + database + ".ingest_local ENGINE = "
                    + "Distributed(" + cluster + ", " + database + ", ingest_local, intHash64(id))");
        }
    }

    private static void drop(List<String> urls, String database) throws Exception {
        for (String url : urls) {
            sql(url, "DROP DATABASE " + database);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String sql(String url, String statement) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/?query="
                + URLEncoder.encode(statement, StandardCharsets.UTF_8))).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(statement + ": " + response.body());
        }
        return response.body();
    }
}
