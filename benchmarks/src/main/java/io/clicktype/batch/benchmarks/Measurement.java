package io.clicktype.batch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;

/**
 * Wall time, JVM CPU time, peak heap, and the server's own insert counters ({@code system.events}) over one
 * run of {@link IngestBenchmark}. The counters say, measured on the server, how many INSERT queries a
 * contender sent, how many the server ran as asynchronous inserts, and how long it spent in them. The server's CPU
 * counters ({@code UserTimeMicroseconds + SystemTimeMicroseconds}, and its process's CPU) include the background
 * merges that ran meanwhile, counted on the line ({@code merges}); {@code -Dmerges.stopped=true} leaves them out
 * ({@link IngestBenchmark#MERGES_STOPPED}).
 */
final class Measurement {

    private static final String EVENTS = "SELECT event, value FROM system.events WHERE event IN "
            + "('InsertQuery', 'AsyncInsertQuery', 'InsertQueryTimeMicroseconds', 'UserTimeMicroseconds', "
            + "'SystemTimeMicroseconds', 'NetworkReceiveBytes', 'Merge') FORMAT TSV";
    /** The server's process id ({@code -Dserver.pid}), whose CPU time (/proc) is measured over each run; 0: none. */
    private static final long SERVER_PID = Long.getLong("server.pid", 0);
    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final String url;
    private final Map<String, Long> startEvents;
    private final long startNanos;
    private final long startCpuNanos;
    private final double startServerCpu;

    private Measurement(String url, Map<String, Long> startEvents) {
        this.url = url;
        this.startEvents = startEvents;
        this.startNanos = System.nanoTime();
        this.startCpuNanos = cpu();
        this.startServerCpu = serverCpu();
    }

    /** The server process's user + system CPU seconds so far (/proc/PID/stat), or 0 when no pid was given. */
    private static double serverCpu() {
        if (SERVER_PID == 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + SERVER_PID + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Collects garbage, resets the heap peaks, reads the server's counters, then starts the clock. */
    static Measurement start(String url) throws Exception {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        return new Measurement(url, events(url));
    }

    /** Stops the clock, prints one line for {@code what} and returns its rows/s. */
    IngestResult report(String what, long rows, long bytes) throws Exception {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (cpu() - startCpuNanos) / 1e9;
        Map<String, Long> end = events(url);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long inserts = delta(end, "InsertQuery");
        long async = delta(end, "AsyncInsertQuery");
        long micros = delta(end, "InsertQueryTimeMicroseconds");
        double serverCpu = serverCpu() - startServerCpu;
        long queryCpuMicros = delta(end, "UserTimeMicroseconds") + delta(end, "SystemTimeMicroseconds");
        long received = delta(end, "NetworkReceiveBytes");
        double rowsPerSecond = rows / seconds;
        System.out.printf("%-76s %,12.0f rows/s %6.1f MB/s  wall %6.2f s  JVM CPU %6.2f s (%.2f cores per M rows/s)"
                + "  peak heap %,5d MB  server: %,d INSERTs (%,d async), %s ms per INSERT%n", what, rowsPerSecond,
                bytes / seconds / 1e6, seconds, cpu, cpu / seconds / (rowsPerSecond / 1e6), peak >> 20, inserts, async,
                inserts == 0 || micros == 0 ? "—" : String.format("%.2f", micros / 1e3 / inserts));
        System.out.printf("    server process CPU %.2f s (%.0f ns/row), queries' CPU %.2f s (%.0f ns/row), received %s, "
                + "merges %d%n", serverCpu, serverCpu * 1e9 / rows, queryCpuMicros / 1e6, queryCpuMicros * 1e3 / rows,
                received == 0 ? "(not counted)" : String.format("%,d bytes", received), delta(end, "Merge"));
        return new IngestResult(what, rowsPerSecond, null);
    }

    private long delta(Map<String, Long> end, String event) {
        return end.getOrDefault(event, 0L) - startEvents.getOrDefault(event, 0L);
    }

    private static Map<String, Long> events(String url) throws Exception {
        Map<String, Long> events = new HashMap<>();
        for (String line : IngestBenchmark.sql(url, EVENTS).split("\n")) {
            if (!line.isBlank()) {
                String[] cells = line.split("\t");
                events.put(cells[0], Long.parseLong(cells[1]));
            }
        }
        return events;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
