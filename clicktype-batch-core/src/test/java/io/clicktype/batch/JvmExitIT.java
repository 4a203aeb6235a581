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
        db.execute("DROP TABLE IF EXISTS deliveries");
        db.execute("CREATE TABLE deliveries (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), UnclosedProducerMain.class.getName(), server.httpUrl(),
                db.name(), "777").redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("INSERTED 777", "was not closed: closing it now");
        assertThat(db.count("deliveries")).isEqualTo(777);
    }

    /**
     * Under {@code mvn exec:java} the program's class loader is closed before shutdown hooks run, so the hook cannot
     * load what closing needs: the rows are lost, and the hook says so on standard error with the count, the table
     * and the fix, instead of a bare NoClassDefFoundError.
     */
    @Test
    void aHookThatCannotCloseBecauseTheClassLoaderClosedReportsTheLostRows(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS deliveries");
        db.execute("CREATE TABLE deliveries (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        Path launcher = Path.of(JvmExitIT.class.getResource("/jvm-exit/ClosedLoaderLauncher.java").toURI());
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                launcher.toString(), System.getProperty("java.class.path"), UnclosedProducerMain.class.getName(),
                server.httpUrl(), db.name(), "555").redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("INSERTED 555");
        assertThat(output).as(output).contains("clicktype-batch: LOST 555 rows accepted for deliveries",
                "Call close() on the batcher");
        assertThat(db.count("deliveries")).isZero();
    }
}
