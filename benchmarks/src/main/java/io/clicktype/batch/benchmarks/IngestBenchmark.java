package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransport;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.Deduplication;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.mapping.RowMappings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end ingest into a real ClickHouse, one process, same rows:
 * <ol>
 *   <li>our batcher (client-v2 transport), for several {@code maxRows}, LZ4-compressed (the default), and once
 *       uncompressed at 100 000 rows, as the official client and the HTTP ceiling send;</li>
 *   <li>the official client inserting the same rows as POJOs (its own serialization);</li>
 *   <li>the server's ceiling: the same RowBinary bytes, encoded once up front, POSTed by the JDK HTTP
 *       client in the same batch sizes (no encoding, no batching cost on the client).</li>
 * </ol>
 * Reports rows/s, MB/s, JVM CPU seconds and peak heap per run. Usage:
 * {@code java -cp benchmarks.jar io.clicktype.batch.benchmarks.IngestBenchmark http://127.0.0.1:8123 [rows] [tcpPort]};
 * with a native port, also 3. the same bytes piped into {@code clickhouse-client} (JVM figures then
 * describe only the waiting JVM; the client's own CPU is not counted).
 * Uses 18.16-compatible types (DateTime instead of DateTime64, String instead of LowCardinality).
 */
public final class IngestBenchmark {

    /** The event of {@link EncodeBenchmark}, with types every server has. */
    @ClickTable("ingest_events")
    public record Event(long id, Instant ts, String url, String referrer, String userAgent, String country,
                        long userId, double duration, String note, List<String> tags) {
    }

    private static final String DDL = "CREATE TABLE ingest_events (id Int64, ts DateTime, url String, referrer String, "
            + "user_agent String, country String, user_id UInt32, duration Float64, note Nullable(String), "
            + "tags Array(String)) ENGINE = MergeTree() ORDER BY id";

    private static final List<io.clicktype.batch.TableColumn> TABLE = List.of(column("id", "Int64"),
            column("ts", "DateTime"), column("url", "String"), column("referrer", "String"),
            column("user_agent", "String"), column("country", "String"), column("user_id", "UInt32"),
            column("duration", "Float64"), column("note", "Nullable(String)"), column("tags", "Array(String)"));

    private static io.clicktype.batch.TableColumn column(String name, String type) {
        return new io.clicktype.batch.TableColumn(name, type, "");
    }

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("CLICKHOUSE_URL", "http://127.0.0.1:8123");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5_000_000;
        Event[] events = new Event[4096];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event(i, Instant.ofEpochSecond(1_700_000_000L + i), "/products/" + i + "?ref=home",
                    "https://www.example.com/search?q=" + i, "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
                    i % 2 == 0 ? "DE" : "US", i * 7L, i * 0.25, i % 3 == 0 ? null : "campaign-" + (i % 10),
                    List.of("tag" + (i % 5), "x"));
        }
        System.out.printf("ingest of %,d rows into %s, JVM %s%n", rows, url, Runtime.version());
        for (int maxRows : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            batcher(url, rows, events, maxRows, true);
        }
        // Like the official client's default and the HTTP ceiling: no LZ4, which loopback does not need.
        batcher(url, rows, events, 100_000, false);
        reset(url);
        officialClient(url, rows, events, 100_000);
        check(url, rows);
        reset(url);
        serverCeiling(url, rows, events, 100_000);
        check(url, rows);
        if (args.length > 2) {
            reset(url);
            nativeCeiling(Integer.parseInt(args[2]), rows, events);
            check(url, rows);
        }
    }

    /**
     * The server's own ceiling over its native protocol: the same RowBinary bytes, written to a file
     * before the clock starts, piped into {@code clickhouse-client --query "INSERT ... FORMAT RowBinary"}.
     */
    private static void nativeCeiling(int tcpPort, int rows, Event[] events) throws Exception {
        RowEncoder<Event> encoder = RowMappings.create(Event.class, TABLE).encoder();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("ingest", ".rowbinary");
        long total = 0;
        try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 20)) {
            RowBuffer buffer = new RowBuffer(1 << 20);
            for (int i = 0; i < rows; i++) {
                encoder.encode(events[i & 4095], buffer);
                if (buffer.size() > (1 << 20) - 4096) {
                    out.write(buffer.array(), 0, buffer.size());
                    total += buffer.size();
                    buffer.clear();
                }
            }
            out.write(buffer.array(), 0, buffer.size());
            total += buffer.size();
        }
        String columns = String.join(", ", encoder.columnNames());
        Measurement m = Measurement.start();
        Process client = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port", String.valueOf(tcpPort),
                "--query", "INSERT INTO ingest_events (" + columns + ") FORMAT RowBinary")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (client.waitFor() != 0) {
            throw new IllegalStateException("clickhouse-client failed: " + output);
        }
        m.report("server ceiling (clickhouse-client, native protocol, one INSERT)", rows, total);
        java.nio.file.Files.delete(file);
    }

    /** Our batcher at {@code maxRows}, with or without LZ4-compressed request bodies. */
    private static void batcher(String url, int rows, Event[] events, int maxRows, boolean compress) throws Exception {
        reset(url);
        ConnectionConfig defaults = ConnectionConfig.of(url);
        ConnectionConfig connection = new ConnectionConfig(defaults.endpoints(), defaults.username(), defaults.password(),
                defaults.database(), compress, defaults.connectTimeout(), defaults.socketTimeout(), null, null);
        Measurement m = Measurement.start();
        try (ClickHouseTransport transport = ClickHouseTransport.clientV2(connection)) {
            BatchConfig config = BatchConfig.builder().maxRows(maxRows).maxBufferSize(256L << 20)
                    .channelCapacity(Math.max(100_000, maxRows)).deduplication(Deduplication.OFF).build();
            try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build()) {
                BatcherHandle<Event> handle = batcher.start();
                for (int i = 0; i < rows; i++) {
                    handle.insert(events[i & 4095]);
                }
                handle.flush().get(10, TimeUnit.MINUTES);
                m.report("batcher maxRows=" + maxRows + (compress ? "" : ", uncompressed"), rows,
                        batcher.stats().flushedRows() > 0 ? bytes(rows, events) : 0);
            }
        }
        check(url, rows);
    }

    /** The peer: the official client inserting the same rows as POJOs, with its own serialization. */
    private static void officialClient(String url, int rows, Event[] events, int batchRows) throws Exception {
        List<OfficialClientEncodeBenchmark.EventBean> beans = new java.util.ArrayList<>(events.length);
        for (Event e : events) {
            beans.add(new OfficialClientEncodeBenchmark.EventBean(e.id(), e.ts(), e.url(), e.referrer(), e.userAgent(),
                    e.country(), e.userId(), e.duration(), e.note(), e.tags()));
        }
        try (com.clickhouse.client.api.Client client = new com.clickhouse.client.api.Client.Builder().addEndpoint(url)
                .setUsername("default").setPassword("").compressServerResponse(false).build()) {
            client.register(OfficialClientEncodeBenchmark.EventBean.class, client.getTableSchema("ingest_events"));
            List<OfficialClientEncodeBenchmark.EventBean> batch = new java.util.ArrayList<>(batchRows);
            Measurement m = Measurement.start();
            for (int i = 0; i < rows; i++) {
                batch.add(beans.get(i & 4095));
                if (batch.size() == batchRows || i == rows - 1) {
                    client.insert("ingest_events", batch).get(10, TimeUnit.MINUTES).close();
                    batch.clear();
                }
            }
            m.report("official client-v2 insert(table, List<POJO>), " + batchRows + " rows/insert", rows, bytes(rows, events));
        }
    }

    /** The same bytes, encoded before the clock starts, POSTed in batches of {@code batchRows}. */
    private static void serverCeiling(String url, int rows, Event[] events, int batchRows) throws Exception {
        RowEncoder<Event> encoder = RowMappings.create(Event.class, TABLE).encoder();
        byte[][] batches = new byte[(rows + batchRows - 1) / batchRows][];
        long total = 0;
        for (int b = 0; b < batches.length; b++) {
            RowBuffer buffer = new RowBuffer(1 << 20);
            for (int i = b * batchRows; i < Math.min(rows, (b + 1) * batchRows); i++) {
                encoder.encode(events[i & 4095], buffer);
            }
            batches[b] = java.util.Arrays.copyOf(buffer.array(), buffer.size());
            total += buffer.size();
        }
        HttpClient http = HttpClient.newHttpClient();
        String columns = String.join(", ", encoder.columnNames());
        String query = URLEncoder.encode("INSERT INTO ingest_events (" + columns + ") FORMAT RowBinary",
                StandardCharsets.UTF_8);
        Measurement m = Measurement.start();
        for (byte[] batch : batches) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/?query=" + query))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
        }
        m.report("server ceiling (pre-encoded RowBinary over HTTP, " + batchRows + " rows/insert)", rows, total);
    }

    private static long bytes(int rows, Event[] events) {
        RowEncoder<Event> encoder = RowMappings.create(Event.class, TABLE).encoder();
        RowBuffer buffer = new RowBuffer(1 << 20);
        for (Event event : events) {
            encoder.encode(event, buffer);
        }
        return (long) ((double) buffer.size() / events.length * rows);
    }

    private static void reset(String url) throws IOException, InterruptedException {
        sql(url, "DROP TABLE IF EXISTS ingest_events");
        sql(url, DDL);
    }

    private static void check(String url, int rows) throws IOException, InterruptedException {
        String count = sql(url, "SELECT count() FROM ingest_events").trim();
        if (!count.equals(String.valueOf(rows))) {
            throw new IllegalStateException("expected " + rows + " rows, table has " + count);
        }
    }

    private static String sql(String url, String statement) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.body());
        }
        return response.body();
    }

    /** Wall time, JVM CPU time and peak heap of one run. */
    private record Measurement(long startNanos, long startCpuNanos) {

        static Measurement start() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            return new Measurement(System.nanoTime(), cpu());
        }

        void report(String what, long rows, long bytes) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double cpu = (cpu() - startCpuNanos) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            double rowsPerSecond = rows / seconds;
            System.out.printf("%-70s %,12.0f rows/s %8.1f MB/s  wall %6.2f s  JVM CPU %6.2f s (%.2f cores per M rows/s)"
                    + "  peak heap %,d MB%n", what, rowsPerSecond, bytes / seconds / 1e6, seconds, cpu,
                    cpu / seconds / (rowsPerSecond / 1e6), peak >> 20);
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
