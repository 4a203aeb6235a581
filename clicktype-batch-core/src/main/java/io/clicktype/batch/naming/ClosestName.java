package io.clicktype.batch.naming;

import java.util.Collection;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The candidate closest to a misspelt name, by edit distance ({@link #distance}) over names in a comparable form
 * the caller chooses. Used only when something is missing at start, so it favours
 * plainness over speed.
 */
public final class ClosestName {

    private ClosestName() {
    }

    /** Compares names without case: {@code Events} and {@code events} are at distance 0. */
    public static final UnaryOperator<String> IGNORING_CASE = name -> name.toLowerCase(Locale.ROOT);

    /**
     * The candidate nearest to {@code name}, or {@code null} when there are none; ties go to the first.
     *
     * @param comparable the form both sides are compared in, e.g. {@link #IGNORING_CASE}
     */
    public static String closest(String name, Collection<String> candidates, UnaryOperator<String> comparable) {
        String wanted = comparable.apply(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wanted, comparable.apply(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /**
     * As {@link #closest}, but only a candidate near enough to be a likely typo: at most a third of the longer
     * name's characters differ (at least one), compared without case; {@code null} otherwise.
     */
    public static String likelyMeant(String name, Collection<String> candidates) {
        String best = closest(name, candidates, IGNORING_CASE);
        if (best == null) {
            return null;
        }
        int allowed = Math.max(1, Math.max(name.length(), best.length()) / 3);
        return distance(IGNORING_CASE.apply(name), IGNORING_CASE.apply(best)) <= allowed ? best : null;
    }

    /**
     * Edits that turn {@code a} into {@code b}: insert, delete or substitute one character, or swap two adjacent
     * ones (the optimal string alignment distance: {@code shpo} is one edit from {@code shop}, as a typist sees it).
     */
    public static int distance(String a, String b) {
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            int[] swap = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
