package io.clicktype.batch.encoding;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;

/**
 * Turns the supported Java time types into epoch second + nanosecond, without allocating.
 * A {@link LocalDateTime} is read in the column's zone (UTC when the column has none): in a DST
 * gap it moves forward by the gap, in an overlap it takes the earlier offset, as
 * {@link ZonedDateTime#of} does.
 */
final class Instants {

    private final ZoneRules rules;

    /** @param zone the column's timezone, or {@code null} for UTC */
    Instants(String zone) {
        this.rules = zone == null ? ZoneOffset.UTC.getRules() : ZoneId.of(zone).getRules();
    }

    /** Whether {@code value} is one of the supported time types. */
    static boolean supports(Object value) {
        return value instanceof Instant || value instanceof LocalDateTime || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime;
    }

    long epochSecond(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof LocalDateTime local) {
            return local.toEpochSecond(rules.getOffset(local));
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toEpochSecond();
        }
        return ((ZonedDateTime) value).toEpochSecond();
    }

    static int nano(Object value) {
        if (value instanceof Instant instant) {
            return instant.getNano();
        }
        if (value instanceof LocalDateTime local) {
            return local.getNano();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.getNano();
        }
        return ((ZonedDateTime) value).getNano();
    }
}
