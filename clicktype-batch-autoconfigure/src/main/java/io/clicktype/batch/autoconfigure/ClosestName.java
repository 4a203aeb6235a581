package io.clicktype.batch.autoconfigure;

import java.util.Collection;
import java.util.Locale;

/**
 * The valid name closest to a misspelt one, by edit distance (core's {@code ClosestName}) over names compared without case and
 * dashes ({@code maxRows}, {@code max-rows} and {@code MAX_ROWS} are one name to Boot's relaxed binding).
 * Used only when start-up fails, so it favours plainness over speed.
 */
final class ClosestName {

    private ClosestName() {
    }

    /** The candidate nearest to {@code name}, or {@code null} when there are none; ties go to the first. */
    static String closest(String name, Collection<String> candidates) {
        return io.clicktype.batch.naming.ClosestName.closest(name, candidates, ClosestName::comparable);
    }

    /** Edits (insert, delete, substitute one character, swap two neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        return io.clicktype.batch.naming.ClosestName.distance(a, b);
    }

    private static String comparable(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
