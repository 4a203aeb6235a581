package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against a scripted HTTP server on loopback: what client-v2 and the HTTP client under
 * it do with answers a real ClickHouse gives only under load or failure.
 */
class ClientV2TransportHttpTest {

    /** One scripted answer: status, optional error-code header, body; or hang until the test ends. */
    private record Answer(int status, String code, String body, boolean hang) {
        static Answer of(int status, String code, String body) {
            return new Answer(status, code, body, false);
        }
    }

    private final List<Answer> script = new CopyOnWriteArrayList<>();
    private final List<byte[]> insertBodies = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private String settings = "async_insert\ninsert_deduplication_token\n";
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String query = URLDecoder.decode(String.valueOf(exchange.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
        queries.add(query + " " + new String(body, StandardCharsets.UTF_8));
        if (query.contains("INSERT INTO")) {
            insertBodies.add(body);
        }
        // The probe (run before the first insert) is always answered as a modern server would; the script
        // answers everything else in order.
        String request = queries.get(queries.size() - 1);
        Answer answer = script.isEmpty() || isProbe(request) ? Answer.of(200, null, metadata(request)) : script.remove(0);
        if (answer.hang()) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.code() != null) {
            exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", answer.code());
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static boolean isProbe(String query) {
        return query.contains("version()") || query.contains("system.settings")
                || query.contains("system.merge_tree_settings") || query.contains("data_type_families")
                || query.contains("system.formats");
    }

    /** What a modern server would answer to the probe's queries ({@link #settings} from system.settings). */
    private String metadata(String request) {
        if (request.contains("version()")) {
            return "24.8.1.1\n";
        }
        if (request.contains("system.settings")) {
            return settings;
        }
        return request.contains("data_type_families") ? "String\nDateTime64\n" : "";
    }

    private ClickHouseTransport transport(Duration socketTimeout) {
        return ClickHouseTransports.clientV2(new ConnectionConfig(
                List.of("http://127.0.0.1:" + server.getAddress().getPort()), "default", "secret", "analytics", false,
                Duration.ofSeconds(2), socketTimeout, null, null));
    }

    private static InsertRequest request(byte[] payload) {
        return new InsertRequest(TableRef.of("events"), List.of("id"), payload, payload.length, 1, Map.of());
    }

    /**
     * A Native block only goes to a server that checks its column types against the table's: an older one (18.16)
     * stores a column whose type changed unchecked, so a Native spill file meeting it (a downgrade, an older
     * replica) is refused before anything is sent, not retried, naming the fix; a server with the check gets it
     * with the server's conversion off.
     */
    @Test
    void aNativeBlockIsRefusedBeforeSendingWhereTheServerCannotCheckItsTypes() {
        byte[] payload = {1, 2, 3, 4};
        InsertRequest nativeBlock = new InsertRequest(TableRef.of("events"), List.of("id"), payload, payload.length, 1,
                Map.of(), null, null, io.clicktype.batch.BatchFormat.NATIVE);

        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            TransportException e = catchThrowableOfType(TransportException.class, () -> transport.insert(nativeBlock));
            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("Native block").hasMessageContaining("24.8.1.1")
                    .hasMessageContaining("replay it against ClickHouse 23.x or later");
        }
        assertThat(insertBodies).as("nothing was sent").isEmpty();

        settings = settings + "input_format_native_allow_types_conversion\n";
        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            transport.insert(nativeBlock);
        }
        assertThat(insertBodies).hasSize(1);
        assertThat(queries.stream().filter(q -> q.contains("INSERT INTO")))
                .allSatisfy(q -> assertThat(q).contains("input_format_native_allow_types_conversion=0"));
    }

    @Test
    void theHttpClientsOwnResendAfter503CarriesTheWholePayloadAgain() {
        script.add(Answer.of(503, null, "busy"));
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};

        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            transport.insert(request(payload));
        }

        assertThat(insertBodies).hasSize(2);
        assertThat(insertBodies).allSatisfy(body -> assertThat(body).isEqualTo(payload));
    }

    @Test
    void aPersistent503IsRetryableAfterAtMostOneHiddenResend() {
        script.add(Answer.of(503, null, "busy"));
        script.add(Answer.of(503, null, "busy"));

        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            TransportException e = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(request(new byte[8])));

            assertThat(e.retryable()).isTrue();
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.getMessage()).contains("HTTP 503 Service Unavailable").doesNotContain("could not connect");
        }
        assertThat(insertBodies).hasSize(2);
    }

    @Test
    void errorCodeHeaderOfNewServersIsUsed() {
        script.add(Answer.of(500, "252", "Code: 252. DB::Exception: Too many parts (300). (TOO_MANY_PARTS)"));
        script.add(Answer.of(404, "60", "Code: 60. DB::Exception: Table analytics.events does not exist. "
                + "(UNKNOWN_TABLE)"));

        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            TransportException parts = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(request(new byte[8])));
            TransportException table = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(request(new byte[8])));

            assertThat(parts.retryable()).isTrue();
            assertThat(parts.serverErrorCode()).isEqualTo(252);
            assertThat(parts.getMessage()).contains("Too many parts (300)");
            assertThat(table.retryable()).isFalse();
            assertThat(table.serverErrorCode()).isEqualTo(60);
            assertThat(table.getMessage()).contains("Table analytics.events does not exist", "create table events");
        }
    }

    @Test
    void aHungServerIsCutOffBySocketTimeoutAsRetryable() {
        script.add(new Answer(200, null, "", true));

        try (ClickHouseTransport transport = transport(Duration.ofMillis(300))) {
            long started = System.nanoTime();
            TransportException e = catchThrowableOfType(TransportException.class,
                    () -> transport.insert(request(new byte[8])));

            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("no response within socketTimeout PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void metadataQueriesNameTheDatabaseInTheUrlAndUseTabSeparated() {
        script.add(Answer.of(200, null, "id\tUInt64\t\nts\tDateTime\tDEFAULT\n"));

        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            assertThat(transport.describeTable(TableRef.of("events"))).containsExactly(
                    new TableColumn("id", "UInt64", ""), new TableColumn("ts", "DateTime", "DEFAULT"));
        }
        assertThat(queries).singleElement().asString().contains("database=analytics", "system.columns",
                "FORMAT TabSeparated").doesNotContain("secret");
    }

    @Test
    void concurrentFirstCallersShareOneProbe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            List<Future<ServerInfo>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(transport::serverInfo));
            }
            ServerInfo first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<ServerInfo> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(first.version()).isEqualTo("24.8.1.1");
            assertThat(first.supportsSetting("async_insert")).isTrue();
            assertThat(first.supportsType("DateTime64")).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(queries).filteredOn(query -> query.contains("version()")).hasSize(1);
    }

    @Test
    void insertsQuoteTableAndColumnsAndPassSettingsAsParameters() {
        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            transport.insert(new InsertRequest(new TableRef("db1", "events"), List.of("id", "user_name"), new byte[8],
                    8, 1, Map.of("insert_deduplication_token", "batch-42")));
        }
        assertThat(inserts()).singleElement().asString()
                .contains("INSERT INTO `db1`.`events` (`id`, `user_name`", "FORMAT RowBinary",
                        "insert_deduplication_token=batch-42", "database=analytics", "async_insert=0");
    }

    @Test
    void asyncInsertIsTurnedOffOnlyWhereTheServerKnowsItAndTheRequestDoesNotSayOtherwise() {
        try (ClickHouseTransport transport = transport(Duration.ofSeconds(5))) {
            transport.insert(new InsertRequest(TableRef.of("events"), List.of("id"), new byte[8], 8, 1,
                    Map.of("async_insert", "1", "wait_for_async_insert", "1")));
        }
        settings = "insert_deduplicate\n";
        try (ClickHouseTransport oldServer = transport(Duration.ofSeconds(5))) {
            oldServer.insert(request(new byte[8]));
        }

        assertThat(inserts()).hasSize(2);
        assertThat(inserts().get(0)).contains("async_insert=1", "wait_for_async_insert=1").doesNotContain("async_insert=0");
        assertThat(inserts().get(1)).doesNotContain("async_insert");
    }

    private List<String> inserts() {
        return queries.stream().filter(query -> query.contains("INSERT INTO")).toList();
    }
}
