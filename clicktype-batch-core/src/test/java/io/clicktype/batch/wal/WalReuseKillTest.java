package io.clicktype.batch.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.encoding.RowBuffer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process appending to a log whose acknowledged segments are reused ({@link WalSegment#recycled}) is killed
 * (SIGKILL) at a random moment, three times on the same directory: after each kill the log reopens with no segment
 * set aside, and reads back, from its start, exactly the records appended since, in order, each whole, every one
 * whose append returned among them, and none of the old records the reused segments still hold.
 */
class WalReuseKillTest {

    @TempDir
    Path dir;

    @Test
    void aProcessKilledWhileAppendingIntoReusedSegmentsLosesAndInventsNothing() throws Exception {
        long next = 0;
        for (int kill = 0; kill < 3; kill++) {
            long returned = killAfterReuse(next);
            try (WriteAheadLog log = WriteAheadLog.open(TableRef.of("events"), dir, WalConfig.defaults()
                    .withDirectory(dir).withFsync(WalFsync.INTERVAL).withMaxSize(WalConfig.MIN_SIZE))) {
                assertThat(log.stats().corruptSegments()).isZero();
                WalReader reader = log.reader();
                long expected = -1;
                long records = 0;
                while (reader.position() < log.end()) {
                    RowBuffer out = new RowBuffer(WalAppenderMain.PAYLOAD);
                    if (reader.next(out) != WalRecords.DATA) {
                        continue;
                    }
                    long seq = WalRecords.getLong(out.array(), 0);
                    assertThat(out.size()).isEqualTo(WalAppenderMain.PAYLOAD);
                    for (int i = 8; i < WalAppenderMain.PAYLOAD; i++) {
                        assertThat(out.array()[i]).as("byte %d of record %d", i, seq).isEqualTo((byte) seq);
                    }
                    assertThat(seq).as("records in order, none missing, none old").isEqualTo(
                            expected < 0 ? seq : expected + 1);
                    expected = seq;
                    records++;
                }
                assertThat(records).isPositive();
                assertThat(expected).as("the last record whose append returned is in the log")
                        .isGreaterThanOrEqualTo(returned);
                next = expected + 1;
            }
        }
    }

    /**
     * Runs {@link WalAppenderMain} until at least one segment is a reused one and a random amount more was appended,
     * kills it, and returns the last sequence number whose append it reported returned.
     */
    private long killAfterReuse(long first) throws Exception {
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WalAppenderMain.class.getName(), dir.toString(),
                String.valueOf(first)).redirectErrorStream(true).start();
        long returned = -1;
        int extraLines = ThreadLocalRandom.current().nextInt(1, 400);
        boolean reused = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("R ")) {
                    continue;
                }
                returned = Long.parseLong(line.split(" ")[1]);
                reused = reused || reusedSegmentExists();
                if (reused && --extraLines == 0) {
                    app.destroyForcibly();
                    break;
                }
            }
        } finally {
            app.destroyForcibly();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(reused).as("a segment was reused before the kill").isTrue();
        return returned;
    }

    private boolean reusedSegmentExists() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".wal")).toList()) {
                byte[] header = new byte[8];
                try (var in = Files.newInputStream(file)) {
                    if (in.readNBytes(header, 0, 8) == 8 && new String(header, StandardCharsets.US_ASCII)
                            .equals("CTWAL002")) {
                        return true;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // deleted meanwhile
                }
            }
        }
        return false;
    }
}
