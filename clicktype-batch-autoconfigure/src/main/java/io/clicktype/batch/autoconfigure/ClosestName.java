package io.clicktype.batch.autoconfigure;

import java.util.Collection;
import java.util.Locale;

/**
 * The valid name closest to a misspelt one, by Levenshtein distance over names compared without case and
 * dashes ({@code maxRows}, {@code max-rows} and {@code MAX_ROWS} are one name to Boot's relaxed binding).
 * Used only when start-up fails, so it favours plainness over speed.
 */
final class ClosestName {

    private ClosestName() {
    }

    /** The candidate nearest to {@code name}, or {@code null} when there are none; ties go to the first. */
    static String closest(String name, Collection<String> candidates) {
        String wanted = comparable(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wanted, comparable(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Edits (insert, delete, substitute one character) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
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
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String comparable(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
