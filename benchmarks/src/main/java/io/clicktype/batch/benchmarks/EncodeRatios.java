package io.clicktype.batch.benchmarks;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The encode ratios of {@link EncodeBenchmark} and {@link OfficialClientEncodeBenchmark}, measured
 * interleaved in one JVM: rounds of short slices of each encoder in turn, each round giving one
 * ratio per pair. On a shared machine whose speed drifts by 2× from second to second, JMH's
 * sequential runs compare encoders measured at different speeds; the median of per-round ratios
 * compares them at the same moment. JMH remains the source of the absolute ns/row and allocation
 * figures. Usage: {@code java -cp benchmarks.jar io.clicktype.batch.benchmarks.EncodeRatios [rounds]}.
 */
public final class EncodeRatios {

    private static final long SLICE_NANOS = 200_000_000L;
    private static final int WARM_UP_ROUNDS = 10;

    private static long blackhole;

    private EncodeRatios() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        EncodeBenchmark ours = new EncodeBenchmark();
        ours.setUp();
        OfficialClientEncodeBenchmark official = new OfficialClientEncodeBenchmark();
        official.setUp();
        String[] names = {"handWritten", "mappedEncode", "mappedValidateAndEncode", "officialClientPojo"};
        Callable<?>[] encoders = {ours::handWritten, ours::mappedEncode, ours::mappedValidateAndEncode,
                official::officialClientPojo};

        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (Callable<?> encoder : encoders) {
                nanosPerRow(encoder);
            }
        }
        double[][] nanos = new double[encoders.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int e = 0; e < encoders.length; e++) {
                nanos[e][round] = nanosPerRow(encoders[e]);
            }
        }

        System.out.printf("%d interleaved rounds of %d ms per encoder, JVM %s%n", rounds, SLICE_NANOS / 1_000_000,
                Runtime.version());
        for (int e = 0; e < encoders.length; e++) {
            System.out.printf("%-26s ns/row median %7.1f  (p25 %7.1f, p75 %7.1f)%n", names[e], median(nanos[e]),
                    percentile(nanos[e], 25), percentile(nanos[e], 75));
        }
        printRatio(names, nanos, 1, 0);
        printRatio(names, nanos, 2, 0);
        printRatio(names, nanos, 3, 1);
        printRatio(names, nanos, 3, 2);
    }

    private static void printRatio(String[] names, double[][] nanos, int a, int b) {
        double[] ratios = new double[nanos[a].length];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = nanos[a][round] / nanos[b][round];
        }
        System.out.printf("%-26s / %-24s median %5.2f×  (p25 %5.2f, p75 %5.2f)%n", names[a], names[b], median(ratios),
                percentile(ratios, 25), percentile(ratios, 75));
    }

    private static double nanosPerRow(Callable<?> encoder) throws Exception {
        long start = System.nanoTime();
        long rows = 0;
        long end;
        do {
            blackhole += encoder.call().hashCode();
            rows += EncodeBenchmark.ROWS;
            end = System.nanoTime();
        } while (end - start < SLICE_NANOS);
        return (double) (end - start) / rows;
    }

    private static double median(double[] values) {
        return percentile(values, 50);
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }
}
