package io.clicktype.batch.transport.cluster;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Chooses shards in turn by weight: over any {@code sum(weights)} consecutive choices among live shards, each
 * shard is chosen {@code weight} times, spread out rather than in runs (the "smooth weighted round-robin" of
 * nginx's upstream module). Thread-safe; one small lock per batch, not per row.
 */
final class ShardRotation {

    private final int[] weights;
    private final int[] current;

    ShardRotation(List<Integer> weights) {
        this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
        this.current = new int[this.weights.length];
    }

    /**
     * The index of the next shard among those {@code live} accepts; when none is live, among all of them
     * (a batch must go somewhere, and its failure then says why).
     */
    synchronized int next(IntPredicate live) {
        int chosen = pick(live);
        return chosen >= 0 ? chosen : pick(i -> true);
    }

    private int pick(IntPredicate live) {
        int total = 0;
        int best = -1;
        for (int i = 0; i < weights.length; i++) {
            if (!live.test(i)) {
                continue;
            }
            current[i] += weights[i];
            total += weights[i];
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best >= 0) {
            current[best] -= total;
        }
        return best;
    }
}
