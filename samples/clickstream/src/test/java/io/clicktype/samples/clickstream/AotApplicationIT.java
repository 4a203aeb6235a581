package io.clicktype.samples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sample as Spring AOT processed it at build time ({@code process-aot}), run on the JVM with
 * {@code -Dspring.aot.enabled=true}: the batcher beans come from generated code, and rows reach ClickHouse.
 * The generated reachability metadata names the {@code @ClickTable} type and the encoder's template.
 */
class AotApplicationIT {

    private static final ClickHouseServer SERVER = ClickHouseServers.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAotProcessedApplicationIngests() throws Exception {
        SERVER.execute("DROP TABLE IF EXISTS clickstream_aot.page_views");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path spill = Files.createTempDirectory("clickstream-aot-spill");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dspring.aot.enabled=true", "-cp", System.getProperty("java.class.path"),
                ClickstreamApplication.class.getName(), "--server.port=" + port,
                "--clicktype.batch.clickhouse.url=" + SERVER.httpUrl(),
                "--clicktype.batch.clickhouse.username=" + SERVER.username(),
                "--clicktype.batch.clickhouse.password=" + SERVER.password(),
                "--clicktype.batch.clickhouse.database=clickstream_aot",
                "--clicktype.batch.spill.directory=" + spill).redirectErrorStream(true)
                .redirectOutput(spill.resolveSibling(spill.getFileName() + ".log").toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> get(base.resolve("/actuator/health")).statusCode() == 200);
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"ts\":\"2024-05-01T10:00:00Z\",\"url\":\"/aot\",\"userId\":7,\"country\":\"DE\","
                                    + "\"durationMs\":3}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.execute(
                    "SELECT count() FROM clickstream_aot.page_views WHERE url = '/aot'").trim().equals("1"));
            String log = Files.readString(spill.resolveSibling(spill.getFileName() + ".log"), StandardCharsets.UTF_8);
            assertThat(log).contains("Starting AOT-processed ClickstreamApplication");
        } finally {
            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theGeneratedHintsNameTheRowTypeAndTheEncoderTemplate() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/native-image/io.clicktype/clicktype-sample-clickstream/reachability-metadata.json")) {
            assertThat(in).as("process-aot ran in this build").isNotNull();
            String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // JSON may escape the slashes of the resource glob.
            assertThat(metadata.replace("\\/", "/")).contains(PageView.class.getName(),
                    "io/clicktype/batch/encoding/ColumnChain.class");
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
