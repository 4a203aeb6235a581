package io.clicktype.batch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time per batcher thread over one run of {@link DurabilityIngestBenchmark}, grouped by the thread's job: where
 * a durability mode spends the cores it shares with the server. The producers report their own time (they end
 * before the run does); the batcher's threads are told apart by name ({@code clicktype-batch-<table>} the worker,
 * {@code ...-sender}, {@code ...-wal-sync} the log's fsync thread; a table name without '-' is assumed); "rest of
 * the JVM" is the process's CPU time not found in a live Java thread (garbage collection, the JIT, threads that
 * ended during the run).
 */
final class ThreadCpu {

    /** The groups, in print order. */
    static final String[] GROUPS = {"producers", "worker", "sender", "log sync", "other threads", "rest of the JVM"};

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start;

    private ThreadCpu(Map<Long, Long> start) {
        this.start = start;
    }

    /** Snapshots every live thread's CPU time. */
    static ThreadCpu start() {
        return new ThreadCpu(snapshot());
    }

    /** The calling thread's CPU time in nanoseconds (for producers, which measure themselves). */
    static long currentThreadNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * CPU seconds per group since {@link #start()}.
     *
     * @param producerNanos the producers' own CPU time over the run
     * @param jvmSeconds    the process's CPU time over the run
     */
    Map<String, Double> seconds(long producerNanos, double jvmSeconds) {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (String group : GROUPS) {
            groups.put(group, 0.0);
        }
        groups.put("producers", producerNanos / 1e9);
        double threads = producerNanos / 1e9;
        for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
            String name = name(now.getKey());
            if (name == null || name.startsWith("producer-")) {
                continue;
            }
            double seconds = (now.getValue() - start.getOrDefault(now.getKey(), 0L)) / 1e9;
            groups.merge(group(name), seconds, Double::sum);
            threads += seconds;
        }
        groups.put("rest of the JVM", Math.max(0, jvmSeconds - threads));
        return groups;
    }

    private static String group(String name) {
        if (!name.startsWith("clicktype-batch-")) {
            return "other threads";
        }
        if (name.endsWith("-wal-sync")) {
            return "log sync";
        }
        if (name.endsWith("-sender") || name.matches(".*-sender-\\d+")) { // one per insert in flight
            return "sender";
        }
        return name.indexOf('-', "clicktype-batch-".length()) < 0 ? "worker" : "other threads";
    }

    private static String name(long id) {
        var info = THREADS.getThreadInfo(id);
        return info == null ? null : info.getThreadName();
    }

    private static Map<Long, Long> snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }
}
