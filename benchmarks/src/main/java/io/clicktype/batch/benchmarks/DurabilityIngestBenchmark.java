package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.Durability;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.benchmarks.IngestBenchmark.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What durability costs end to end, into a real ClickHouse: the rows of {@link IngestBenchmark} inserted through
 * {@link BatcherHandle#insert} by N producer threads into a batcher at {@link BatchConfig#defaults()}, with
 * {@code durability} memory, wal with {@code fsync: interval} and wal with {@code fsync: always} (only the
 * durability, the log's directory and its fsync policy differ from the defaults). A run's rows/s is its rows over
 * the time from the first insert to the acknowledgement of the flush that follows the last one; after every run the
 * table's row count and checksum are checked. The log's own fsyncs ({@link io.clicktype.batch.WalStats#fsyncs()}
 * before and after) give rows per fsync, i.e. how many waiting producers one fsync released (group commit).
 *
 * <p>WalBenchmark measures the producer against a transport that does nothing; this measures what a user feels,
 * where the server, on the same machine, takes its share of the cores. The runs are interleaved: each round runs
 * every mode on every server in turn, and each ratio is taken to memory mode with the same producer count on the
 * same server in the same round; the summary gives the median over rounds, with the smallest and largest. The
 * machine's CPU per row (all processes, the server included; {@link MachineCpu}) says whether a ratio is the ratio of
 * CPU costs, as it is when the run keeps the cores busy.
 *
 * <p>With {@code fsync: always} every producer waits for the fsync that covers its row, so such a run inserts
 * {@code alwaysRows × producers / 8} rows (a fixed count per producer): one producer at the disk's fsync rate would
 * otherwise take minutes. {@code interval-rowbinary} is wal {@code fsync: interval} with the batches sent as RowBinary
 * instead of the format AUTO picks (Native where the server converts Native types): what the worker's move of the
 * log's records into a Native block costs, against what the server saves. Usage:
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.clicktype.batch.benchmarks.DurabilityIngestBenchmark \
 *     walDirectory rows alwaysRows rounds url[,url...] [runs, default memory:1,interval:1,always:1,memory:8,interval:8,always:8]
 * </pre>
 */
public final class DurabilityIngestBenchmark {

    /** One configuration: memory ({@code fsync} null) or wal with {@code fsync}, from {@code producers} threads. */
    record Mode(String name, WalFsync fsync, int producers) {

        static Mode parse(String spec) {
            String[] parts = spec.split(":");
            WalFsync fsync = switch (parts[0]) {
                case "memory" -> null;
                case "interval", "interval-rowbinary" -> WalFsync.INTERVAL;
                case "always" -> WalFsync.ALWAYS;
                default -> throw new IllegalArgumentException("mode must be memory, interval, interval-rowbinary or "
                        + "always: " + spec);
            };
            return new Mode(fsync == null ? "memory" : "wal " + parts[0], fsync, Integer.parseInt(parts[1]));
        }

        /** The batches' format: AUTO (the default), or RowBinary for {@code interval-rowbinary}. */
        BatchFormat format() {
            return name.endsWith("-rowbinary") ? BatchFormat.ROW_BINARY : BatchFormat.AUTO;
        }

        int rows(int rows, int alwaysRows) {
            return fsync == WalFsync.ALWAYS ? alwaysRows * producers / 8 : rows;
        }

        @Override
        public String toString() {
            return name + ", " + producers + (producers == 1 ? " producer" : " producers");
        }
    }

    /** One measured run. */
    record Run(String server, int round, Mode mode, int rows, double seconds, double jvmCpu, double machineCpu,
            long fsyncs, double fsyncSeconds, Map<String, Double> threadCpu) {

        double rowsPerSecond() {
            return rows / seconds;
        }

        /** CPU nanoseconds per row in one of {@link ThreadCpu#GROUPS}. */
        double nanosPerRow(String group) {
            return threadCpu.get(group) * 1e9 / rows;
        }
    }

    private DurabilityIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        int alwaysRows = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<String> urls = List.of(args[4].split(","));
        List<Mode> modes = Stream.of((args.length > 5 ? args[5]
                : "memory:1,interval:1,always:1,memory:8,interval:8,always:8").split(",")).map(Mode::parse).toList();
        Event[] events = IngestBenchmark.events();
        System.out.printf("JVM %s, %d cores, load average %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), IngestBenchmark.loadAverage());
        for (String url : urls) {
            System.out.printf("server %s: ClickHouse %s%n", url, IngestBenchmark.sql(url, "SELECT version()").trim());
        }
        // Not reported: lets the JIT compile every mode's path before the measured rounds.
        for (Mode mode : modes) {
            run(urls.get(0), 0, mode, mode.rows(Math.min(rows, 200_000), Math.min(alwaysRows, 16_000)), events,
                    directory);
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String url : urls) {
                for (Mode mode : modes) {
                    Run run = run(url, round, mode, mode.rows(rows, alwaysRows), events, directory);
                    runs.add(run);
                    System.out.printf("round %d  %-28s %-30s %,9d rows %,11.0f rows/s  %6.2f s  JVM CPU %6.2f s  "
                            + "machine busy %4.2f cores  %s  load %s%n", round, url, mode, run.rows(),
                            run.rowsPerSecond(), run.seconds(), run.jvmCpu(), run.machineCpu() / run.seconds(),
                            run.fsyncs() == 0 ? "no fsyncs" : String.format("%,d fsyncs (%.2f s), %.2f rows per "
                                    + "fsync", run.fsyncs(), run.fsyncSeconds(), (double) run.rows() / run.fsyncs()),
                            IngestBenchmark.loadAverage());
                    StringBuilder cpu = new StringBuilder("        CPU ns per row:");
                    for (String group : ThreadCpu.GROUPS) {
                        cpu.append(String.format("  %s %.0f", group, run.nanosPerRow(group)));
                    }
                    System.out.println(cpu);
                }
            }
        }
        printSummary(runs, urls, modes);
        System.out.printf("load average at the end: %s%n", IngestBenchmark.loadAverage());
    }

    private static Run run(String url, int round, Mode mode, int rows, Event[] events, Path root) throws Exception {
        IngestBenchmark.reset(url);
        Path walDirectory = root.resolve("durability-ingest");
        WalBenchmark.deleteRecursively(walDirectory);
        BatchConfig config = mode.fsync() == null ? BatchConfig.defaults() : BatchConfig.builder()
                .durability(Durability.WAL).wal(WalConfig.defaults().withDirectory(walDirectory)
                        .withFsync(mode.fsync())).format(mode.format()).build();
        Run run;
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(ConnectionConfig.of(url));
                Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config)
                        .closeOnJvmExit(false).build()) {
            BatcherHandle<Event> handle = batcher.start();
            long fsyncsBefore = fsyncs(batcher);
            long fsyncNanosBefore = fsyncNanos(batcher);
            System.gc();
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong producerNanos = new AtomicLong();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < mode.producers(); p++) {
                // producer p inserts rows [from, to): together every row 0 .. rows-1 once, as in IngestBenchmark
                int from = (int) ((long) rows * p / mode.producers());
                int to = (int) ((long) rows * (p + 1) / mode.producers());
                Thread producer = new Thread(() -> {
                    try {
                        go.await();
                        long cpuStart = ThreadCpu.currentThreadNanos();
                        for (int i = from; i < to; i++) {
                            handle.insert(events[i & 4095]);
                        }
                        producerNanos.addAndGet(ThreadCpu.currentThreadNanos() - cpuStart);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "producer-" + p);
                producer.start();
                producers.add(producer);
            }
            MachineCpu cpu = MachineCpu.start();
            ThreadCpu threadCpu = ThreadCpu.start();
            long start = System.nanoTime();
            go.countDown();
            for (Thread producer : producers) {
                producer.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException(mode + " failed on " + url, failure.get());
            }
            handle.flush().get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvmSeconds = cpu.jvmSeconds();
            run = new Run(url, round, mode, rows, seconds, jvmSeconds, cpu.machineSeconds(),
                    fsyncs(batcher) - fsyncsBefore, (fsyncNanos(batcher) - fsyncNanosBefore) / 1e9,
                    threadCpu.seconds(producerNanos.get(), jvmSeconds));
        }
        IngestBenchmark.check(url, rows);
        WalBenchmark.deleteRecursively(walDirectory);
        return run;
    }

    private static long fsyncs(Batcher<Event> batcher) {
        return batcher.walStats().map(w -> w.fsyncs()).orElse(0L);
    }

    private static long fsyncNanos(Batcher<Event> batcher) {
        return batcher.walStats().map(w -> w.fsyncNanos()).orElse(0L);
    }

    /** Per server and mode: median rows/s, the median per-round ratio to memory mode (same producers), and more. */
    private static void printSummary(List<Run> runs, List<String> urls, List<Mode> modes) {
        System.out.printf("%n| server | mode | producers | rows per run | rows/s (median) | vs memory, same round "
                + "(median; min–max) | rows per fsync | JVM cores per M rows/s | machine busy cores | machine CPU ns per "
                + "row |%n");
        System.out.println("|---|---|---:|---:|---:|---|---:|---:|---:|---:|");
        for (String url : urls) {
            for (Mode mode : modes) {
                List<Run> these = runs.stream().filter(r -> r.server().equals(url) && r.mode().equals(mode)).toList();
                double[] ratios = these.stream().mapToDouble(r -> r.rowsPerSecond() / memoryRate(runs, r))
                        .filter(d -> !Double.isNaN(d)).toArray();
                System.out.printf("| %s | %s | %d | %,d | %,.0f | %s | %s | %.2f | %.2f | %,.0f |%n", url, mode.name(),
                        mode.producers(), these.get(0).rows(), median(these, Run::rowsPerSecond),
                        ratios.length == 0 ? "" : String.format("%.2f× (%.2f–%.2f)", median(ratios),
                                Arrays.stream(ratios).min().getAsDouble(), Arrays.stream(ratios).max().getAsDouble()),
                        mode.fsync() == null ? "" : String.format("%.2f", median(these,
                                r -> (double) r.rows() / r.fsyncs())),
                        median(these, r -> r.jvmCpu() / r.seconds() / (r.rowsPerSecond() / 1e6)),
                        median(these, r -> r.machineCpu() / r.seconds()),
                        median(these, r -> r.machineCpu() * 1e9 / r.rows()));
            }
        }
        System.out.printf("%nJVM CPU per row by thread (ns, median over rounds; \"rest of the JVM\": GC, JIT, ended "
                + "threads)%n| server | mode | producers | %s | JVM total |%n", String.join(" | ", ThreadCpu.GROUPS));
        System.out.println("|---|---|---:|" + "---:|".repeat(ThreadCpu.GROUPS.length + 1));
        for (String url : urls) {
            for (Mode mode : modes) {
                List<Run> these = runs.stream().filter(r -> r.server().equals(url) && r.mode().equals(mode)).toList();
                StringBuilder row = new StringBuilder(String.format("| %s | %s | %d |", url, mode.name(),
                        mode.producers()));
                for (String group : ThreadCpu.GROUPS) {
                    row.append(String.format(" %.0f |", median(these, r -> r.nanosPerRow(group))));
                }
                row.append(String.format(" %.0f |", median(these, r -> r.jvmCpu() * 1e9 / r.rows())));
                System.out.println(row);
            }
        }
    }

    private static double memoryRate(List<Run> runs, Run run) {
        return runs.stream().filter(r -> r.server().equals(run.server()) && r.round() == run.round()
                        && r.mode().fsync() == null && r.mode().producers() == run.mode().producers())
                .mapToDouble(Run::rowsPerSecond).findFirst().orElse(Double.NaN);
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        return median(runs.stream().mapToDouble(value).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
