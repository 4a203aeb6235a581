package io.clicktype.batch.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one append into the page cache costs the appending thread, the three ways a write-ahead log can do it: a
 * copy into a mapped segment whose file was just filled with zeros ({@code mapped-zeros}, the log before segments
 * were reused), a copy into a mapped segment whose file held the previous segment's records ({@code mapped-reused},
 * the log now), and one {@code write} system call per record from a reused direct buffer ({@code write}, no
 * mapping, no page faults, the file grows). Every way appends {@code records} records of {@code size} bytes into
 * 32 MiB segments, rotating over two files, and reports the appending thread's CPU ns per record (page faults and
 * system calls included), the time spent making segments (zero-filling) apart. No fsync: the sync thread's work is
 * not measured here.
 *
 * <pre>
 * java -cp benchmarks.jar io.clicktype.batch.benchmarks.AppendProbe directory [records] [size]
 * </pre>
 */
public final class AppendProbe {

    private static final int SEGMENT = 32 << 20;

    private AppendProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Files.createDirectories(Path.of(args[0]));
        long records = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        byte[] record = new byte[size];
        for (int i = 0; i < size; i++) {
            record[i] = (byte) (i + 1);
        }
        for (int round = 0; round < 3; round++) {
            for (String mode : new String[] {"mapped-zeros", "mapped-reused", "write"}) {
                double[] ns = run(mode, directory, record, records);
                System.out.printf("round %d %-14s %6.1f ns/record appending thread CPU, %6.1f ns/record making "
                        + "segments%n", round, mode, ns[0], ns[1]);
            }
        }
        WalBenchmark.deleteRecursively(directory);
    }

    private static double[] run(String mode, Path directory, byte[] record, long records) throws IOException {
        Path[] files = {directory.resolve("a.seg"), directory.resolve("b.seg")};
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        long appendNanos = 0;
        long prepareNanos = 0;
        long left = records;
        int turn = 0;
        ByteBuffer direct = ByteBuffer.allocateDirect(record.length);
        while (left > 0) {
            Path file = files[turn++ & 1];
            long t0 = cpu();
            if (mode.equals("mapped-zeros") || (mode.equals("mapped-reused") && !Files.exists(file))) {
                Files.deleteIfExists(file);
                try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                    byte[] zeros = new byte[1 << 20];
                    for (int at = 0; at < SEGMENT; at += zeros.length) {
                        out.write(zeros);
                    }
                }
            } else if (mode.equals("write")) {
                Files.deleteIfExists(file);
            }
            long t1 = cpu();
            prepareNanos += t1 - t0;
            int perSegment = (int) Math.min(left, SEGMENT / record.length);
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw");
                    FileChannel channel = out.getChannel()) {
                if (mode.equals("write")) {
                    for (int i = 0; i < perSegment; i++) {
                        direct.clear();
                        direct.put(record);
                        direct.flip();
                        channel.write(direct);
                    }
                } else {
                    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SEGMENT);
                    map.order(ByteOrder.LITTLE_ENDIAN);
                    int at = 0;
                    for (int i = 0; i < perSegment; i++) {
                        map.put(at + 4, record, 4, record.length - 4);
                        map.putInt(at, record.length);
                        at += record.length;
                    }
                }
            }
            appendNanos += cpu() - t1;
            left -= perSegment;
        }
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        return new double[] {(double) appendNanos / records, (double) prepareNanos / records};
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
