package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.Durability;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.benchmarks.EncodeBenchmark.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What durability costs the producer: rows/s and {@code insert} latency (p50, p99) of the 10-column event into a
 * batcher whose transport does nothing, with {@code durability} memory, wal with fsync interval (100 ms) and wal
 * with fsync always, for 1 and 8 producer threads; beside it, the disk's raw fsync rate (append 100 bytes +
 * {@code FileChannel.force}, one thread) in the same directory. One sitting, so the ratios compare.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.clicktype.batch.benchmarks.WalBenchmark [directory] [seconds] \
 *     [producer counts, e.g. 1,8] [modes, e.g. memory,interval,always]
 * </pre>
 * The last two narrow a run, e.g. for a profiler; the defaults are all.
 */
public final class WalBenchmark {

    private static final int SAMPLE_EVERY = 8;

    private WalBenchmark() {
    }

    /** One measured run. */
    record Result(String mode, int producers, double rowsPerSecond, long p50Nanos, long p99Nanos, long p999Nanos,
            double diskFsyncsPerSecond, double logFsyncsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/wal-benchmark");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Files.createDirectories(directory);
        double fsyncs = fsyncRate(directory.resolve("fsync-probe"), seconds);
        System.out.printf("disk: %.0f fsyncs/s (100-byte append + FileChannel.force, one thread) in %s%n", fsyncs,
                directory.toAbsolutePath());
        int[] producerCounts = Arrays.stream((args.length > 2 ? args[2] : "1,8").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<String> modes = List.of((args.length > 3 ? args[3] : "memory,interval,always").split(","));
        List<Result> results = new ArrayList<>();
        for (int producers : producerCounts) {
            if (modes.contains("memory")) {
                results.add(run("memory", null, producers, directory, seconds));
            }
            if (modes.contains("interval")) {
                results.add(run("wal interval", WalFsync.INTERVAL, producers, directory, seconds));
            }
            if (modes.contains("always")) {
                // the disk's rate varies with what else runs on the machine: measured again right before
                results.add(run("wal always", WalFsync.ALWAYS, producers, directory, seconds));
            }
        }
        System.out.println("| mode | producers | rows/s | vs memory | insert p50 | insert p99 | insert p99.9 | log "
                + "fsyncs/s | disk fsyncs/s just before | rows/s ÷ disk fsyncs/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result result : results) {
            double memory = results.stream().filter(r -> r.mode().equals("memory")
                    && r.producers() == result.producers()).findFirst().map(Result::rowsPerSecond).orElse(Double.NaN);
            System.out.printf("| %s | %d | %,.0f | %.2fx | %,d ns | %,d ns | %,d ns | %,.0f | %,.0f | %.1fx |%n",
                    result.mode(), result.producers(), result.rowsPerSecond(), result.rowsPerSecond() / memory,
                    result.p50Nanos(), result.p99Nanos(), result.p999Nanos(), result.logFsyncsPerSecond(), result.diskFsyncsPerSecond(),
                    result.rowsPerSecond() / result.diskFsyncsPerSecond());
        }
    }

    private static Result run(String mode, WalFsync fsync, int producers, Path root, double seconds)
            throws Exception {
        Path directory = root.resolve(mode.replace(' ', '-') + "-" + producers);
        deleteRecursively(directory);
        Event[] rows = events();
        try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(new NoopTransport())
                .columns(EncodeBenchmark.TABLE).config(config(fsync, directory)).closeOnJvmExit(false).build()) {
            BatcherHandle<Event> handle = batcher.start();
            // warm-up: a third of the measured time
            measure(handle, rows, producers, seconds / 3);
            double disk = fsyncRate(root.resolve("fsync-probe"), 1);
            long fsyncsBefore = batcher.walStats().map(w -> w.fsyncs()).orElse(0L);
            Measured measured = measure(handle, rows, producers, seconds);
            long logFsyncs = batcher.walStats().map(w -> w.fsyncs()).orElse(0L) - fsyncsBefore;
            handle.flush().get(60, TimeUnit.SECONDS);
            long[] samples = measured.samples();
            Arrays.sort(samples);
            return new Result(mode, producers, measured.rows() / measured.seconds(),
                    samples[(int) (samples.length * 0.50)], samples[(int) (samples.length * 0.99)],
                    samples[(int) (samples.length * 0.999)], disk,
                    logFsyncs / measured.seconds());
        } finally {
            deleteRecursively(directory);
        }
    }

    /** Defaults with a 60 s maxBlock; with a log in {@code directory} when {@code fsync} is given, else memory mode. */
    static BatchConfig config(WalFsync fsync, Path directory) {
        BatchConfig.Builder config = BatchConfig.builder().maxBlock(Duration.ofSeconds(60));
        if (fsync != null) {
            config.durability(Durability.WAL).wal(WalConfig.defaults().withDirectory(directory).withFsync(fsync));
        }
        return config.build();
    }

    /** The 1 024 events every run inserts, cycled; shared with InsertCost. */
    static Event[] events() {
        Event[] rows = new Event[1024];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Event(i, Instant.ofEpochMilli(1_700_000_000_000L + i), "/p/" + i, "https://ref/" + i,
                    "Mozilla/5.0", "DE", i, i * 0.5, i % 3 == 0 ? null : "n", List.of("a", "b"));
        }
        return rows;
    }

    private record Measured(long rows, double seconds, long[] samples) {
    }

    private static Measured measure(BatcherHandle<Event> handle, Event[] rows, int producers, double seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long[] counts = new long[producers];
        long[][] samples = new long[producers][];
        int[] sampleCounts = new int[producers];
        CountDownLatch done = new CountDownLatch(producers);
        long start = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread producer = new Thread(() -> {
                long[] own = new long[1 << 20];
                int taken = 0;
                long count = 0;
                while (System.nanoTime() < deadline) {
                    Event row = rows[(int) (count & 1023)];
                    if ((count % SAMPLE_EVERY) == 0 && taken < own.length) {
                        long t0 = System.nanoTime();
                        handle.insert(row);
                        own[taken++] = System.nanoTime() - t0;
                    } else {
                        handle.insert(row);
                    }
                    count++;
                }
                counts[id] = count;
                samples[id] = own;
                sampleCounts[id] = taken;
                done.countDown();
            }, "producer-" + p);
            producer.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        int sampleTotal = 0;
        for (int p = 0; p < producers; p++) {
            total += counts[p];
            sampleTotal += sampleCounts[p];
        }
        long[] all = new long[sampleTotal];
        int at = 0;
        for (int p = 0; p < producers; p++) {
            System.arraycopy(samples[p], 0, all, at, sampleCounts[p]);
            at += sampleCounts[p];
        }
        return new Measured(total, elapsed, all);
    }

    /** Appends 100 bytes and forces, in a loop, for {@code seconds}: the disk's fsyncs/s for one writer. */
    private static double fsyncRate(Path file, double seconds) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(100);
        long count = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (System.nanoTime() < deadline) {
                bytes.clear();
                channel.write(bytes);
                channel.force(false);
                count++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Deletes {@code directory} and everything under it, if it exists; shared with DurabilityIngestBenchmark. */
    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
