package io.clicktype.batch.benchmarks;

import java.util.List;

/**
 * One contender's outcome in {@link IngestBenchmark}: its rows/s, or why it has none on this server.
 *
 * @param name         what ran, as printed
 * @param rowsPerSecond rows per wall-clock second, or {@code NaN} when the contender could not run
 * @param note         why it could not run ({@code null} when it ran)
 */
record IngestResult(String name, double rowsPerSecond, String note) {

    /** A contender that could not run on this server, for {@code reason}. */
    static IngestResult notAvailable(String name, String reason) {
        return new IngestResult(name, Double.NaN, reason);
    }

    /**
     * Prints every result's rows/s with its ratio to {@code baseline}'s and {@code ceiling}'s rows/s (either
     * may be absent from {@code results}; its column is then left empty).
     */
    static void printTable(List<IngestResult> results, String baseline, String ceiling) {
        double base = rate(results, baseline);
        double top = rate(results, ceiling);
        System.out.printf("%n%-76s %14s %12s %12s%n", "run", "rows/s", "vs default", "vs native");
        for (IngestResult r : results) {
            if (Double.isNaN(r.rowsPerSecond)) {
                System.out.printf("%-76s %14s %12s %12s%n", r.name, r.note, "", "");
            } else {
                System.out.printf("%-76s %,14.0f %11.2f× %11.2f×%n", r.name, r.rowsPerSecond,
                        r.rowsPerSecond / base, r.rowsPerSecond / top);
            }
        }
    }

    private static double rate(List<IngestResult> results, String name) {
        for (IngestResult r : results) {
            if (r.name.equals(name)) {
                return r.rowsPerSecond;
            }
        }
        return Double.NaN;
    }
}
