package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service shaped as users run one: fifty tables at defaults, fifty producers at full load, a 1 GiB heap, and
 * ClickHouse away for a minute ({@code outage.seconds}, 60 by default). Nothing runs out of memory, the app keeps
 * answering, no {@code insert} blocks longer than {@code maxBlock}, shutdown keeps to {@code shutdownTimeout}, and
 * every accepted row is in ClickHouse afterwards (at least once: the tables are plain MergeTrees, which a killed
 * server may not deduplicate, see docs/delivery.md). In memory mode with the disk spill, and with a write-ahead log.
 */
@ClickHouseTest
class ManyTablesOutageIT {

    private static final long OUTAGE_SECONDS = Long.getLong("outage.seconds", 60);
    private static final long MAX_BLOCK_MILLIS = BatchConfig.defaults().maxBlock().toMillis();
    private static final Pattern RESULT = Pattern.compile("RESULT accepted=(\\d+) refused=(\\d+) lost=(\\d+) "
            + "longestInsertMillis=(\\d+) closeMillis=(\\d+) outOfMemory=(\\w+) budgetUsedAfterClose=(\\d+)");
    private static final Pattern HEARTBEAT = Pattern.compile("HEARTBEAT (\\d+) ");

    private ClickHouseServer server;

    @AfterEach
    void serverBack() {
        if (server != null && server.canRestart()) {
            server.start();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "wal"})
    void fiftyTablesSurviveAMinuteWithoutClickHouseWithinTheirMemoryBudget(String mode, ClickHouseServer server,
            TestDatabase db) throws Exception {
        ClickHouseAssumptions.assumeRestartable(server);
        this.server = server;
        for (int t = 0; t < ManyTables.TYPES.size(); t++) {
            db.execute("DROP TABLE IF EXISTS " + ManyTables.table(t));
            db.execute("CREATE TABLE " + ManyTables.table(t) + " (id UInt64, payload String) ENGINE = MergeTree() "
                    + "ORDER BY id");
        }
        Path directory = Files.createTempDirectory("many-tables-" + mode);
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + directory.resolve("gc.log"), "-cp", System.getProperty("java.class.path"),
                ManyTablesOutageMain.class.getName(), server.httpUrl(), db.name(), mode, directory.toString())
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (java.io.IOException e) {
                output.add("READ FAILED " + e);
            }
        });
        reader.start();
        try (Writer commands = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> output.contains("READY"));
            await().atMost(Duration.ofSeconds(60)).until(() -> rowsIn(db) >= 100_000);

            server.stop();
            long outageStarted = System.currentTimeMillis();
            TimeUnit.SECONDS.sleep(OUTAGE_SECONDS); // the outage's length: what this test is about, not a wait
            server.start();
            long outageEnded = System.currentTimeMillis();
            long before = rowsIn(db);
            await().atMost(Duration.ofSeconds(120)).until(() -> rowsIn(db) > before + 100_000);
            long recoveryMillis = System.currentTimeMillis() - outageEnded;

            commands.write("stop\n");
            commands.flush();
            assertThat(app.waitFor(10, TimeUnit.MINUTES)).as("the app stops").isTrue();
            reader.join(10_000);

            String all = String.join("\n", output);
            assertThat(all).doesNotContain("OutOfMemoryError").doesNotContain("died");
            assertThat(heartbeatGapMillis(output, outageStarted, outageEnded)).as("the app kept answering during the outage")
                    .isLessThan(5_000);
            Matcher result = output.stream().map(RESULT::matcher).filter(Matcher::find).findFirst().orElseThrow(
                    () -> new AssertionError("no RESULT line in:\n" + all.substring(Math.max(0, all.length() - 5000))));
            long accepted = Long.parseLong(result.group(1));
            output.stream().filter(l -> l.startsWith("LONGEST") || l.startsWith("SLOW")).limit(10)
                    .forEach(System.out::println);
            System.out.println("OUTAGE BENCHMARK " + mode + " outageSeconds=" + OUTAGE_SECONDS + " heapAfterGcMaxMiB="
                    + heapAfterGcMaxMiB(directory.resolve("gc.log")) + " recoveryMillis=" + recoveryMillis + " "
                    + result.group() + " " + output.stream().filter(l -> l.startsWith("SPILL")).findFirst().orElse("")
                    + " (gc log " + directory.resolve("gc.log") + ")");
            assertThat(result.group(6)).isEqualTo("false");
            assertThat(Long.parseLong(result.group(3))).as("lost rows").isZero();
            assertThat(Long.parseLong(result.group(4))).as("longest insert, ms")
                    .isLessThanOrEqualTo(MAX_BLOCK_MILLIS + 1_000);
            assertThat(Long.parseLong(result.group(5))).as("flush and close, ms")
                    .isLessThanOrEqualTo(BatchConfig.defaults().shutdownTimeout().toMillis() + 5_000);
            assertThat(Long.parseLong(result.group(7))).as("memory budget after every batcher closed").isZero();
            assertThat(distinctIdsIn(db)).as("every accepted row landed").isEqualTo(accepted);
            assertThat(rowsIn(db)).isGreaterThanOrEqualTo(accepted);
        } finally {
            app.destroyForcibly();
        }
    }

    /** The longest time between two heartbeats of the app from {@code from} to {@code to} (epoch ms). */
    private static long heartbeatGapMillis(List<String> output, long from, long to) {
        long previous = from;
        long longest = 0;
        for (String line : output) {
            Matcher beat = HEARTBEAT.matcher(line);
            if (beat.find()) {
                long at = Long.parseLong(beat.group(1));
                if (at >= from && at <= to) {
                    longest = Math.max(longest, at - previous);
                    previous = at;
                }
            }
        }
        return Math.max(longest, to - previous);
    }

    /** The largest heap after a collection in a {@code -Xlog:gc} log ("... 300M->120M(1024M) ..."), in MiB. */
    private static long heapAfterGcMaxMiB(Path gcLog) throws java.io.IOException {
        Pattern after = Pattern.compile("\\d+M->(\\d+)M\\(");
        long max = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = after.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    private static long rowsIn(TestDatabase db) {
        return sum(db, "count()");
    }

    private static long distinctIdsIn(TestDatabase db) {
        return sum(db, "uniqExact(id)");
    }

    private static long sum(TestDatabase db, String aggregate) {
        StringBuilder query = new StringBuilder("SELECT sum(n) FROM (");
        for (int t = 0; t < ManyTables.TYPES.size(); t++) {
            query.append(t == 0 ? "" : " UNION ALL ").append("SELECT ").append(aggregate).append(" AS n FROM ")
                    .append(ManyTables.table(t));
        }
        return Long.parseLong(db.query(query.append(")").toString()).get(0).get(0));
    }
}
