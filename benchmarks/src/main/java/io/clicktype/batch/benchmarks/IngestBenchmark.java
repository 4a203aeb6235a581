package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.Deduplication;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end ingest into a real ClickHouse, one process, one server, same rows for every contender:
 * <ol>
 *   <li>our batcher (client-v2 transport) at {@link BatchConfig#defaults()}, then swept over {@code maxRows}
 *       1 000 … 1 000 000 (LZ4-compressed, the default), and once uncompressed at 100 000 rows;</li>
 *   <li>the official client inserting the same rows as POJOs (its own serialization), 100 000 and 1 000 rows per
 *       insert;</li>
 *   <li>JDBC batch inserts (clickhouse-jdbc through HikariCP, {@link JdbcIngest}), plain and with the driver's
 *       RowBinary writer, 100 000 and 1 000 rows per {@code executeBatch}; "n/a" on servers the driver refuses;</li>
 *   <li>the server's ceilings: the same RowBinary bytes, encoded once up front, POSTed by the JDK HTTP client
 *       (100 000 rows per insert), and, given a native port, piped into {@code clickhouse-client}
 *       (JVM figures then describe only the waiting JVM; the client's own CPU is not counted).</li>
 * </ol>
 * The batcher at defaults runs first and again last. Prints rows/s, MB/s, JVM CPU seconds, peak heap and the
 * server's insert counters per run, then a table of every run's rows/s as a ratio to the batcher at defaults
 * (the mean of its two runs) and to the native ceiling. Usage:
 * {@code java -cp benchmarks.jar io.clicktype.batch.benchmarks.IngestBenchmark http://127.0.0.1:8123 [rows] [tcpPort]}.
 * Uses 18.16-compatible types (DateTime instead of DateTime64, String instead of LowCardinality).
 */
public final class IngestBenchmark {

    /** The event of {@link EncodeBenchmark}, with types every server has. */
    @ClickTable("ingest_events")
    public record Event(long id, Instant ts, String url, String referrer, String userAgent, String country,
                        long userId, double duration, String note, List<String> tags) {
    }

    /** The batcher as a user gets it, nothing configured; run first and again last. */
    static final String DEFAULTS = "batcher, BatchConfig defaults (maxRows=100000, LZ4)";
    /** The same run, last. */
    static final String DEFAULTS_AGAIN = DEFAULTS + ", again last";
    /** The run every ratio is taken to: the mean of the two runs at defaults. */
    static final String DEFAULTS_MEAN = "batcher, BatchConfig defaults, mean of first and last";
    /** The server's own ceiling, the other ratio's denominator. */
    static final String NATIVE = "server ceiling (clickhouse-client, native protocol, one INSERT)";

    private static final String DDL = "CREATE TABLE ingest_events (id Int64, ts DateTime, url String, referrer String, "
            + "user_agent String, country String, user_id UInt32, duration Float64, note Nullable(String), "
            + "tags Array(String)) ENGINE = MergeTree() ORDER BY id";

    private static final String CHECK = "SELECT count(), sum(cityHash64(id, ts, url, referrer, user_agent, country, "
            + "user_id, duration, ifNull(note, '<null>'), arrayStringConcat(tags, ','))) FROM ingest_events FORMAT TSV";

    /** Checksum of the table's content after the first checked run, per server and row count. */
    private static final java.util.Map<String, String> CHECKSUMS = new java.util.HashMap<>();

    static final List<io.clicktype.batch.TableColumn> TABLE = List.of(column("id", "Int64"),
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
        Event[] events = events();
        System.out.printf("ingest of %,d rows into %s (ClickHouse %s), JVM %s, load average %s%n", rows, url,
                sql(url, "SELECT version()").trim(), Runtime.version(), loadAverage());
        String asyncInsert = sql(url, "SELECT value FROM system.settings WHERE name = 'async_insert'").trim();
        String asyncThreads = sql(url, "SELECT value FROM system.metrics WHERE metric = 'AsynchronousInsertThreads'").trim();
        System.out.printf("server: async_insert=%s by default, asynchronous insert threads: %s%n",
                asyncInsert.isEmpty() ? "(unknown setting)" : asyncInsert, asyncThreads.isEmpty() ? "none" : asyncThreads);
        // Not in the table: lets the JIT compile each JVM contender's path before its measured run.
        int warmUp = Math.min(rows, 200_000);
        System.out.printf("warm-up, %,d rows each (not in the table):%n", warmUp);
        batcher(url, warmUp, events, "  warm-up: " + DEFAULTS, BatchConfig.defaults(), true);
        reset(url);
        officialClient(url, warmUp, events, 100_000);
        for (boolean rowBinary : new boolean[] {false, true}) {
            reset(url);
            JdbcIngest.run(url, warmUp, events, 100_000, rowBinary);
        }
        System.out.println("measured:");
        List<IngestResult> results = new ArrayList<>();
        results.add(batcher(url, rows, events, DEFAULTS, BatchConfig.defaults(), true));
        for (int maxRows : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            results.add(batcher(url, rows, events, "batcher maxRows=" + maxRows, sweep(maxRows), true));
        }
        // Like the official client's default and the HTTP ceiling: no LZ4, which loopback does not need.
        results.add(batcher(url, rows, events, "batcher maxRows=100000, uncompressed", sweep(100_000), false));
        for (int batchRows : new int[] {100_000, 1_000}) {
            reset(url);
            results.add(officialClient(url, rows, events, batchRows));
            check(url, rows);
        }
        for (int batchRows : new int[] {100_000, 1_000}) {
            for (boolean rowBinary : new boolean[] {false, true}) {
                reset(url);
                IngestResult result = JdbcIngest.run(url, rows, events, batchRows, rowBinary);
                if (!Double.isNaN(result.rowsPerSecond())) {
                    check(url, rows);
                }
                results.add(result);
            }
        }
        // Only at 100 000 rows: at 1 000-row POSTs the JDK client's own latency (~76 ms per request on 18.16,
        // against ~11 ms from Python's http.client to the same server) would be measured, not the server.
        reset(url);
        results.add(serverCeiling(url, rows, events, 100_000));
        check(url, rows);
        if (args.length > 2) {
            reset(url);
            results.add(nativeCeiling(url, Integer.parseInt(args[2]), rows, events));
            check(url, rows);
        }
        // The machine is shared: the same run first and last shows how far its speed moved in between, and
        // the ratios are taken to the mean of the two.
        results.add(batcher(url, rows, events, DEFAULTS_AGAIN, BatchConfig.defaults(), true));
        results.add(new IngestResult(DEFAULTS_MEAN, (results.get(0).rowsPerSecond()
                + results.get(results.size() - 1).rowsPerSecond()) / 2, null));
        IngestResult.printTable(results, DEFAULTS_MEAN, NATIVE);
        System.out.printf("load average at the end: %s%n", loadAverage());
    }

    /** The 4 096 distinct events every run cycles through ({@code events[i & 4095]} is row {@code i}). */
    static Event[] events() {
        Event[] events = new Event[4096];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event(i, Instant.ofEpochSecond(1_700_000_000L + i), "/products/" + i + "?ref=home",
                    "https://www.example.com/search?q=" + i, "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
                    i % 2 == 0 ? "DE" : "US", i * 7L, i * 0.25, i % 3 == 0 ? null : "campaign-" + (i % 10),
                    List.of("tag" + (i % 5), "x"));
        }
        return events;
    }

    /** The sweep's configuration: room for a 1 000 000-row batch, no deduplication tokens. */
    private static BatchConfig sweep(int maxRows) {
        return BatchConfig.builder().maxRows(maxRows).maxBufferSize(256L << 20)
                .queueCapacity(Math.max(100_000, maxRows)).deduplication(Deduplication.OFF).build();
    }

    static String loadAverage() throws IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    }

    /**
     * The server's own ceiling over its native protocol: the same RowBinary bytes, written to a file
     * before the clock starts, piped into {@code clickhouse-client --query "INSERT ... FORMAT RowBinary"}.
     */
    static IngestResult nativeCeiling(String url, int tcpPort, int rows, Event[] events) throws Exception {
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
        Measurement m = Measurement.start(url);
        Process client = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port", String.valueOf(tcpPort),
                "--query", "INSERT INTO ingest_events (" + columns + ") FORMAT RowBinary")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (client.waitFor() != 0) {
            throw new IllegalStateException("clickhouse-client failed: " + output);
        }
        IngestResult result = m.report(NATIVE, rows, total);
        java.nio.file.Files.delete(file);
        return result;
    }

    /** Our batcher with {@code config}, with or without LZ4-compressed request bodies. */
    static IngestResult batcher(String url, int rows, Event[] events, String name, BatchConfig config,
            boolean compress) throws Exception {
        reset(url);
        ConnectionConfig connection = ConnectionConfig.builder(url).compressRequests(compress).build();
        IngestResult result;
        Measurement m = Measurement.start(url);
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(connection)) {
            try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build()) {
                BatcherHandle<Event> handle = batcher.start();
                for (int i = 0; i < rows; i++) {
                    handle.insert(events[i & 4095]);
                }
                handle.flush().get(10, TimeUnit.MINUTES);
                result = m.report(name, rows, batcher.stats().flushedRows() > 0 ? bytes(rows, events) : 0);
            }
        }
        check(url, rows);
        return result;
    }

    /** The peer: the official client inserting the same rows as POJOs, with its own serialization. */
    static IngestResult officialClient(String url, int rows, Event[] events, int batchRows) throws Exception {
        List<OfficialClientEncodeBenchmark.EventBean> beans = new java.util.ArrayList<>(events.length);
        for (Event e : events) {
            beans.add(new OfficialClientEncodeBenchmark.EventBean(e.id(), e.ts(), e.url(), e.referrer(), e.userAgent(),
                    e.country(), e.userId(), e.duration(), e.note(), e.tags()));
        }
        try (com.clickhouse.client.api.Client client = new com.clickhouse.client.api.Client.Builder().addEndpoint(url)
                .setUsername("default").setPassword("").compressServerResponse(false).build()) {
            client.register(OfficialClientEncodeBenchmark.EventBean.class, client.getTableSchema("ingest_events"));
            List<OfficialClientEncodeBenchmark.EventBean> batch = new java.util.ArrayList<>(batchRows);
            Measurement m = Measurement.start(url);
            for (int i = 0; i < rows; i++) {
                batch.add(beans.get(i & 4095));
                if (batch.size() == batchRows || i == rows - 1) {
                    client.insert("ingest_events", batch).get(10, TimeUnit.MINUTES).close();
                    batch.clear();
                }
            }
            return m.report("official client-v2 insert(table, List<POJO>), " + batchRows + " rows/insert", rows,
                    bytes(rows, events));
        }
    }

    /** The same bytes, encoded before the clock starts, POSTed in batches of {@code batchRows}. */
    static IngestResult serverCeiling(String url, int rows, Event[] events, int batchRows) throws Exception {
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
        Measurement m = Measurement.start(url);
        for (byte[] batch : batches) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/?query=" + query))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
        }
        return m.report("server ceiling (pre-encoded RowBinary over HTTP, " + batchRows + " rows/insert)", rows, total);
    }

    static long bytes(int rows, Event[] events) {
        RowEncoder<Event> encoder = RowMappings.create(Event.class, TABLE).encoder();
        RowBuffer buffer = new RowBuffer(1 << 20);
        for (Event event : events) {
            encoder.encode(event, buffer);
        }
        return (long) ((double) buffer.size() / events.length * rows);
    }

    /**
     * With {@code -Dmerges.stopped=true}, each run's table does no background merges ({@code SYSTEM STOP MERGES}), so
     * that the server's CPU counters ({@link Measurement}) hold the INSERTs' own work: merging the runs' 100 000-row
     * parts costs about as much CPU again and is the same for every format and contender.
     */
    static final boolean MERGES_STOPPED = Boolean.getBoolean("merges.stopped");

    static void reset(String url) throws IOException, InterruptedException {
        sql(url, "DROP TABLE IF EXISTS ingest_events");
        sql(url, DDL);
        if (MERGES_STOPPED) {
            sql(url, "SYSTEM STOP MERGES ingest_events");
        }
    }

    /** Checks the row count, and that the table holds the same values as after the first checked run. */
    static void check(String url, int rows) throws IOException, InterruptedException {
        String[] result = sql(url, CHECK).trim().split("\t");
        if (!result[0].equals(String.valueOf(rows))) {
            throw new IllegalStateException("expected " + rows + " rows, table has " + result[0]);
        }
        String expected = CHECKSUMS.putIfAbsent(url + " " + rows, result[1]);
        if (expected != null && !expected.equals(result[1])) {
            throw new IllegalStateException("the table's content differs from the first run's: checksum " + result[1]
                    + ", expected " + expected);
        }
    }

    static String sql(String url, String statement) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.body());
        }
        return response.body();
    }
}
