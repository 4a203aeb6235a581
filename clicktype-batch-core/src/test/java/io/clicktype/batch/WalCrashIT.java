package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log's promise under SIGKILL: a producer JVM ({@link WalProducerMain}) inserting from several
 * threads is killed at a random moment, restarted on the same log (which replays), killed again, several times,
 * alternating fsync {@code always} and {@code interval} (both lose nothing on a process kill); finally a batcher
 * in this JVM replays what the last run left. Every row whose {@code insert} returned must be in ClickHouse:
 * exactly once where the table deduplicates tokens (26.7, MergeTree with a deduplication window), at least once
 * elsewhere (18.16: no tokens).
 */
@ClickHouseTest
class WalCrashIT {

    private static final int RUNS = 10;
    private static final int THREADS = 4;

    @ClickTable("wal_events")
    record WalEvent(long id, String payload) {
    }

    @TempDir
    Path walDir;

    /**
     * The runs' configuration; the batch format alternates every two runs (and the last start takes the other one),
     * so a log written under one format is replayed, cuts and tokens included, under the other.
     */
    static BatchConfig config(Path directory, WalFsync fsync, BatchFormat format) {
        return BatchConfig.builder().format(format).maxRows(500).maxWait(Duration.ofMillis(100)).maxBlock(Duration.ofSeconds(30))
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(500))
                .durability(Durability.WAL)
                .wal(WalConfig.defaults().withDirectory(directory).withFsync(fsync).withMaxSize(64L << 20)).build();
    }

    @Test
    void everyRowWhoseInsertReturnedSurvivesRepeatedKill9s(ClickHouseServer server, TestDatabase db) throws Exception {
        db.execute("CREATE TABLE wal_events (id UInt64, payload String) " + db.deduplicatingMergeTree("id"));
        Map<String, Long> returned = new HashMap<>();
        for (int run = 0; run < RUNS; run++) {
            WalFsync fsync = run % 2 == 0 ? WalFsync.ALWAYS : WalFsync.INTERVAL;
            killMidLoad(server, db, run, fsync, format(run), returned);
        }
        long replayed;
        try (ClickHouseTransport transport = TestTransports.to(server, db.name());
                Batcher<WalEvent> last = Batcher.builder(WalEvent.class).transport(transport)
                        .config(config(walDir, WalFsync.ALWAYS, format(RUNS))).build()) {
            last.start().flush().get(60, TimeUnit.SECONDS);
            replayed = last.walStats().orElseThrow().replayedRows();
            assertThat(last.walStats().orElseThrow().corruptSegments()).isZero();
        }

        long mustExist = 0;
        for (Map.Entry<String, Long> entry : returned.entrySet()) {
            String[] key = entry.getKey().split(":");
            long from = WalProducerMain.id(Integer.parseInt(key[0]), Integer.parseInt(key[1]), 0);
            long to = from + entry.getValue();
            long present = Long.parseLong(db.query("SELECT uniqExact(id) FROM wal_events WHERE id BETWEEN " + from
                    + " AND " + to).get(0).get(0));
            assertThat(present).as("rows of run:thread %s whose insert returned", entry.getKey())
                    .isEqualTo(entry.getValue() + 1);
            mustExist += entry.getValue() + 1;
        }
        long rows = db.count("wal_events");
        long distinct = Long.parseLong(db.query("SELECT uniqExact(id) FROM wal_events").get(0).get(0));
        LoggerFactory.getLogger(WalCrashIT.class).info("{} kills: {} rows known returned, {} stored, {} distinct, {} "
                + "replayed by the last start ({})", RUNS, mustExist, rows, distinct, replayed,
                db.canDeduplicateTokens() ? "deduplicating table: exactly-once" : "no tokens: at-least-once");
        assertThat(distinct).isGreaterThanOrEqualTo(mustExist);
        if (db.canDeduplicateTokens()) {
            assertThat(rows).isEqualTo(distinct);
        }
    }

    /** The batch format of run {@code run}: Native, Native, RowBinary, RowBinary, ... */
    private static BatchFormat format(int run) {
        return run % 4 < 2 ? BatchFormat.NATIVE : BatchFormat.ROW_BINARY;
    }

    /** Starts a producer run, kills it after a random number of progress lines, records what it said returned. */
    private void killMidLoad(ClickHouseServer server, TestDatabase db, int run, WalFsync fsync, BatchFormat format,
            Map<String, Long> returned) throws Exception {
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WalProducerMain.class.getName(), server.httpUrl(), db.name(),
                walDir.toString(), fsync.name(), String.valueOf(run), String.valueOf(THREADS), format.name())
                .redirectErrorStream(true).start();
        int killAfter = ThreadLocalRandom.current().nextInt(20, 120);
        int progress = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("T ")) {
                    String[] parts = line.split(" ");
                    returned.merge(run + ":" + parts[1], Long.parseLong(parts[2]), Math::max);
                    if (++progress >= killAfter) {
                        app.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            app.destroyForcibly();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(progress).as("progress lines of run %d before the kill (fsync %s)", run, fsync)
                .isEqualTo(killAfter);
        assertThat(app.exitValue()).isEqualTo(137);
    }
}
