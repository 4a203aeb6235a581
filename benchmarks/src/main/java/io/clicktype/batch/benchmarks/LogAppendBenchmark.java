package io.clicktype.batch.benchmarks;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.benchmarks.EncodeBenchmark.Event;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.wal.WalRecords;
import io.clicktype.batch.wal.WriteAheadLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a log-mode {@code insert} spends the producer's time, one step added at a time (1 producer, the 10-column
 * event, ns per row): {@code encode} (the encode into a reused buffer, as {@code LogIntake} does), {@code seal}
 * (+ the record's header and CRC32C), {@code append} (+ {@link WriteAheadLog#append} into a mapped segment with
 * fsync {@code interval}, nobody reading; the benchmark thread acknowledges every 8 MiB so that segments are
 * reused), {@code insertWal} (the whole {@code insert} into a batcher with a log and a transport that does nothing,
 * the worker reading) and {@code insertMemory} (memory mode, for comparison). Run with {@code -prof gc} for the
 * allocation; the difference of two neighbours is that step's cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogAppendBenchmark {

    /** The rows, cycled, and one producer's buffer and checksum. */
    @State(Scope.Thread)
    public static class Rows {
        final Event[] events = WalBenchmark.events();
        final RowEncoder<Event> encoder = EncodeBenchmark.encoderFor(Event.class, EncodeBenchmark.TABLE);
        final RowBuffer record = new RowBuffer(4096);
        final CRC32C crc = new CRC32C();
        int next;

        Event row() {
            return events[next++ & 1023];
        }

        RowBuffer encode() {
            record.clear();
            record.reserve(WalRecords.DATA_PREFIX);
            encoder.encode(row(), record);
            return record;
        }
    }

    /** A log of its own, appended to directly. */
    @State(Scope.Thread)
    public static class Log {
        Path directory;
        WriteAheadLog log;
        long ackedAt;

        @Setup(Level.Trial)
        public void open() throws Exception {
            directory = Files.createTempDirectory("log-append-");
            log = WriteAheadLog.open(TableRef.of("events"), directory,
                    WalConfig.defaults().withDirectory(directory).withFsync(WalFsync.INTERVAL));
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            log.close();
            WalBenchmark.deleteRecursively(directory);
        }
    }

    /** A batcher with a transport that does nothing, in memory mode or with a log ({@code fsync: interval}). */
    public abstract static class Insert {
        Path directory;
        Batcher<Event> batcher;
        BatcherHandle<Event> handle;

        void start(WalFsync fsync) throws Exception {
            directory = Files.createTempDirectory("log-append-");
            batcher = Batcher.builder(Event.class).transport(new NoopTransport()).columns(EncodeBenchmark.TABLE)
                    .config(WalBenchmark.config(fsync, directory)).closeOnJvmExit(false).build();
            handle = batcher.start();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            batcher.close();
            WalBenchmark.deleteRecursively(directory);
        }
    }

    /** {@link Insert} with a write-ahead log. */
    @State(Scope.Benchmark)
    public static class WalInsert extends Insert {
        @Setup(Level.Trial)
        public void open() throws Exception {
            start(WalFsync.INTERVAL);
        }
    }

    /** {@link Insert} in memory mode. */
    @State(Scope.Benchmark)
    public static class MemoryInsert extends Insert {
        @Setup(Level.Trial)
        public void open() throws Exception {
            start(null);
        }
    }

    @Benchmark
    public RowBuffer encode(Rows rows) {
        return rows.encode();
    }

    @Benchmark
    public RowBuffer seal(Rows rows) {
        RowBuffer record = rows.encode();
        WalRecords.sealData(record.array(), record.size(), 1, rows.crc);
        return record;
    }

    @Benchmark
    public long append(Rows rows, Log log) throws InterruptedException {
        RowBuffer record = rows.encode();
        WalRecords.sealData(record.array(), record.size(), 1, rows.crc);
        long end = log.log.append(record.array(), record.size(), 1, Long.MAX_VALUE);
        if (end - log.ackedAt > 8 << 20) {
            log.log.acknowledge(end);
            log.ackedAt = end;
        }
        return end;
    }

    @Benchmark
    public void insertWal(Rows rows, WalInsert insert) {
        insert.handle.insert(rows.row());
    }

    @Benchmark
    public void insertMemory(Rows rows, MemoryInsert insert) {
        insert.handle.insert(rows.row());
    }
}
