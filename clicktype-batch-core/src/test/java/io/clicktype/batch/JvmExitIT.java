package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A plain-Java program that returns from main without closing its batcher: the JVM's exit closes it (drain
 * and flush), says so, and no accepted row is lost.
 */
@ClickHouseTest
class JvmExitIT {

    @Test
    void rowsOfABatcherNobodyClosedAreFlushedWhenTheJvmExits(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("CREATE TABLE deliveries (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), UnclosedProducerMain.class.getName(), server.httpUrl(),
                db.name(), "777").redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("INSERTED 777", "was not closed: closing it now");
        assertThat(db.count("deliveries")).isEqualTo(777);
    }
}
