package io.clicktype.batch.engine;

/**
 * A count that the worker changes on every row, kept on a cache line of its own. A field the worker writes per row,
 * next to fields every producer reads per insert (an intake's encoder, queue and budget), makes each write take that
 * cache line away from the producers' cores and each insert take it back (false sharing): in memory mode the
 * worker's read position did so, and one table's worker encoded about a sixth fewer rows per second than before
 * the one-pipeline rebuild, where that count lived in the worker's own object (docs/benchmarks.md §9). One writer;
 * others read it only where a stale value does no harm.
 */
final class IsolatedCount {

    /** Longs on either side of the count: 64 bytes, one cache line, so no other field or object shares its line. */
    private static final int PAD = 8;

    private final long[] cells = new long[2 * PAD + 1];

    long get() {
        return cells[PAD];
    }

    void add(long delta) {
        cells[PAD] += delta;
    }
}
