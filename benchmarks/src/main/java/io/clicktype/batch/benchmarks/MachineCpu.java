package io.clicktype.batch.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used over one run, by this JVM and by the whole machine ({@code /proc/stat}). On a 2-core machine that also
 * runs the ClickHouse server, an end-to-end ratio below 1 is explained by where the cores went: the machine's busy
 * cores say whether the run was CPU-bound, the JVM's share how much of it the batcher took.
 */
final class MachineCpu {

    /** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 per second on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100;

    private final long startJvmNanos;
    private final long startBusyTicks;

    private MachineCpu(long startJvmNanos, long startBusyTicks) {
        this.startJvmNanos = startJvmNanos;
        this.startBusyTicks = startBusyTicks;
    }

    /** Starts counting now. */
    static MachineCpu start() {
        return new MachineCpu(jvmNanos(), busyTicks());
    }

    /** CPU seconds this JVM used since {@link #start()}. */
    double jvmSeconds() {
        return (jvmNanos() - startJvmNanos) / 1e9;
    }

    /** CPU seconds the whole machine was busy (not idle, not waiting for I/O) since {@link #start()}; NaN off Linux. */
    double machineSeconds() {
        long now = busyTicks();
        return now < 0 || startBusyTicks < 0 ? Double.NaN : (now - startBusyTicks) / TICKS_PER_SECOND;
    }

    private static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * user + nice + system + irq + softirq of the {@code cpu} line, or -1 without {@code /proc/stat}; steal (time
     * the hypervisor gave to other machines) is not this machine's work and is left out.
     */
    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
