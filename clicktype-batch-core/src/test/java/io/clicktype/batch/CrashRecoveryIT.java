package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application killed with SIGKILL after spilling: at the next start, replay brings every row in. */
@ClickHouseTest
class CrashRecoveryIT {

    @TempDir
    Path spillDir;

    @Test
    void spilledRowsSurviveAKill9AndAreReplayedAtTheNextStart(ClickHouseServer server, TestDatabase db)
            throws Exception {
        ClickHouseAssumptions.assumeRestartable(server);
        db.execute("CREATE TABLE deliveries (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        server.stop();
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SpillingProducerMain.class.getName(), server.httpUrl(), db.name(),
                spillDir.toString(), "5000").redirectErrorStream(true).start();
        String spilled;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            spilled = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("SPILLED ")) {
                    spilled = line;
                    break;
                }
            }
            app.destroyForcibly();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            app.destroyForcibly();
            server.start();
        }
        assertThat(spilled).isEqualTo("SPILLED 5000");
        assertThat(app.exitValue()).isEqualTo(137);

        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(server.httpUrl()),
                server.username(), server.password(), db.name(), true, Duration.ofSeconds(1), Duration.ofSeconds(10),
                null, null)); DiskSpill restarted = DiskSpill.builder(spillDir, transport).build()) {
            assertThat(restarted.replayNow()).isEqualTo(5000);
        }
        assertThat(db.count("deliveries")).isEqualTo(5000);
    }
}
