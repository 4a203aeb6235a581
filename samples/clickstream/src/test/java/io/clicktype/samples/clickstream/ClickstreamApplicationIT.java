package io.clicktype.samples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample over real HTTP against the real ClickHouse of the test harness. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "clicktype.batch.clickhouse.database=clickstream_it")
class ClickstreamApplicationIT {

    private static final ClickHouseServer SERVER = ClickHouseServers.shared();
    private static final String PAGE_VIEWS_UP = "\"page_views\":\\{\"details\":\\{[^}]*\\},\"status\":\"UP\"";
    private static final String SERVER_DOWN = "\"server\":\\{\"details\":\\{\"reason\":\"ClickHouse cannot be queried[^}]*\\},\"status\":\"DOWN\"";
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void clickHouse(DynamicPropertyRegistry registry) {
        registry.add("clicktype.batch.clickhouse.url", SERVER::httpUrl);
        registry.add("clicktype.batch.clickhouse.username", SERVER::username);
        registry.add("clicktype.batch.clickhouse.password", SERVER::password);
        // A spill directory of its own, so that nothing left by another run is replayed into this test's table.
        registry.add("clicktype.batch.spill.directory", () -> {
            try {
                return java.nio.file.Files.createTempDirectory("clickstream-it-spill").toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @BeforeAll
    static void freshTable() {
        SERVER.execute("DROP TABLE IF EXISTS clickstream_it.page_views");
    }

    @Test
    void eventsPostedOverHttpReachClickHouseAndShowInMetricsAndHealth() throws Exception {
        assertThat(post("/events", "{\"ts\":\"2024-05-01T10:00:00Z\",\"url\":\"/a\",\"userId\":1,\"country\":\"DE\","
                + "\"durationMs\":120}").statusCode()).isEqualTo(202);
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 99; i++) {
            array.append(i == 0 ? "" : ",").append("{\"ts\":\"2024-05-01T10:00:01Z\",\"url\":\"/b\",\"userId\":")
                    .append(i + 2).append(",\"country\":\"FR\",\"durationMs\":5}");
        }
        assertThat(post("/events", array.append(']').toString()).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> get("/stats").body().contains("\"rows\":100"));
        assertThat(get("/stats").body()).contains("\"users\":100");
        assertThat(get("/actuator/metrics/clicktype.batch.rows?tag=outcome:accepted").body())
                .contains("\"value\":100.0");
        assertThat(get("/actuator/health").body()).containsPattern(PAGE_VIEWS_UP);

        HttpResponse<String> invalid = post("/events", "{\"ts\":\"2024-05-01T10:00:00Z\",\"url\":\"/a\",\"userId\":-1,"
                + "\"country\":\"DE\",\"durationMs\":1}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("user_id");

        if (SERVER.canRestart()) {
            SERVER.stop();
            try {
                HttpResponse<String> down = get("/actuator/health");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).containsPattern(SERVER_DOWN);
            } finally {
                SERVER.start();
            }
            assertThat(get("/actuator/health").body()).containsPattern(PAGE_VIEWS_UP);
        }
    }

    @Test
    void theClickTypeEndpointShowsTablesAndFlushesOnRequest() throws Exception {
        assertThat(get("/actuator/clicktype").body()).contains("page_views", "PageView", "maxRows")
                .doesNotContain("password")
                // the stats name the table's database (they said null), and a memory-mode table has no wal block
                .containsPattern("\"stats\":\\{\"table\":\\{\"database\":\"clickstream_it\",\"table\":\"page_views\"\\}")
                .doesNotContain("\"database\":null", "\"wal\"", "fsync");
        HttpResponse<String> flushed = http.send(HttpRequest.newBuilder(uri("/actuator/clicktype/page_views"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(flushed.statusCode()).isEqualTo(200);
        assertThat(flushed.body()).contains("\"trigger\":\"EXPLICIT\"");
    }

    /** The starter's default: the official client's per-request connect WARN lines are off (the batcher says it once). */
    @Test
    void theClientsPerRequestConnectWarningsAreOffByDefault() {
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "com.clickhouse.client.api.internal.HttpAPIClientHelper")).getEffectiveLevel())
                .isEqualTo(ch.qos.logback.classic.Level.ERROR);
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.clicktype.batch"))
                .getEffectiveLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)).isFalse();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    }
}
