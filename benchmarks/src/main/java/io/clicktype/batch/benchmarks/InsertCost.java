package io.clicktype.batch.benchmarks;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.benchmarks.EncodeBenchmark.Event;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fixed amount of work for counting instructions: one producer inserts exactly {@code rows} rows of the 10-column
 * event into a batcher whose transport does nothing, then flushes and exits. Run it under
 * {@code perf stat -e instructions,cycles} at two row counts; the difference of the counts divided by the difference
 * of the rows is the instructions per row of the steady state, start-up and JIT compilation cancelled out, which the
 * machine's load cannot move the way it moves rows/s. It also prints rows/s, CPU per row by thread
 * ({@link ThreadCpu}), the JVM's and the whole machine's (kernel writeback included) for the whole run.
 *
 * <pre>
 * perf stat -e instructions,cycles java -Xmx2g -cp benchmarks.jar io.clicktype.batch.benchmarks.InsertCost \
 *     memory|interval ROWS [directory]
 * </pre>
 */
public final class InsertCost {

    private InsertCost() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long rows = Long.parseLong(args[1]);
        Path directory = Path.of(args.length > 2 ? args[2] : "target/insert-cost");
        WalBenchmark.deleteRecursively(directory);
        if (!mode.equals("interval") && !mode.equals("memory")) {
            throw new IllegalArgumentException("mode " + mode + ": memory or interval");
        }
        Event[] events = WalBenchmark.events();
        try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(new NoopTransport())
                .columns(EncodeBenchmark.TABLE)
                .config(WalBenchmark.config(mode.equals("interval") ? WalFsync.INTERVAL : null, directory))
                .closeOnJvmExit(false).build()) {
            BatcherHandle<Event> handle = batcher.start();
            MachineCpu cpu = MachineCpu.start();
            ThreadCpu threads = ThreadCpu.start();
            long start = System.nanoTime();
            long[] producerNanos = new long[1];
            // a thread named as DurabilityIngestBenchmark's producers, so that ThreadCpu counts it once
            Thread producer = new Thread(() -> {
                long producerStart = ThreadCpu.currentThreadNanos();
                for (long i = 0; i < rows; i++) {
                    handle.insert(events[(int) (i & 1023)]);
                }
                producerNanos[0] = ThreadCpu.currentThreadNanos() - producerStart;
            }, "producer-0");
            producer.start();
            producer.join();
            handle.flush().get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> byThread = threads.seconds(producerNanos[0], cpu.jvmSeconds());
            StringBuilder line = new StringBuilder(String.format("%s rows %d rows/s %.0f cpu-ns/row", mode, rows,
                    rows / seconds));
            byThread.forEach((group, cpuSeconds) -> line.append(String.format(" %s=%.0f", group.replace(' ', '_'),
                    cpuSeconds * 1e9 / rows)));
            line.append(String.format(" jvm=%.0f machine=%.0f", cpu.jvmSeconds() * 1e9 / rows,
                    cpu.machineSeconds() * 1e9 / rows));
            System.out.println(line);
        } finally {
            WalBenchmark.deleteRecursively(directory);
        }
    }
}
