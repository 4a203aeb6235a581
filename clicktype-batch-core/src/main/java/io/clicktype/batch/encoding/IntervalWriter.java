package io.clicktype.batch.encoding;

import java.time.Duration;

/**
 * IntervalNanosecond ... IntervalYear: an Int64 count of the interval's unit (ClickHouse docs, "Interval":
 * "the value is stored as Int64"; current servers let tables hold them, 18.16 refuses them in tables).
 * Accepts a {@code long} count and, for the units of fixed length (Nanosecond to Week), a {@link Duration}
 * that is a whole number of units; a Duration with a remainder is rejected, never rounded.
 */
public final class IntervalWriter extends ValueWriter implements LongSink {

    private final long nanosPerUnit;

    private IntervalWriter(String type, long nanosPerUnit) {
        super(type);
        this.nanosPerUnit = nanosPerUnit;
    }

    /** The writer for an {@code IntervalX} family, or {@code null} if not one. */
    public static IntervalWriter of(String family) {
        long unit = switch (family) {
            case "IntervalNanosecond" -> 1L;
            case "IntervalMicrosecond" -> 1_000L;
            case "IntervalMillisecond" -> 1_000_000L;
            case "IntervalSecond" -> 1_000_000_000L;
            case "IntervalMinute" -> 60_000_000_000L;
            case "IntervalHour" -> 3_600_000_000_000L;
            case "IntervalDay" -> 86_400_000_000_000L;
            case "IntervalWeek" -> 7 * 86_400_000_000_000L;
            case "IntervalMonth", "IntervalQuarter", "IntervalYear" -> 0L;  // no fixed length: counts only
            default -> -1L;
        };
        return unit < 0 ? null : new IntervalWriter(family, unit);
    }

    /** Whether a {@link Duration} can be written (the unit has a fixed length). */
    public boolean acceptsDuration() {
        return nanosPerUnit > 0;
    }

    @Override
    public void checkLong(long value) {
        // every Int64 is an interval count
    }

    @Override
    public void writeLong(long value, RowBuffer out) {
        out.writeLongLE(value);
    }

    @Override
    protected void checkNonNull(Object value) {
        count(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        out.writeLongLE(count(value));
    }

    private long count(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Duration duration && nanosPerUnit > 0) {
            long seconds = duration.getSeconds();
            long nanos = duration.getNano();
            try {
                if (nanosPerUnit <= 1_000_000_000L) {  // ns, us, ms, s: units divide a second
                    if (nanos % nanosPerUnit == 0) {
                        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L / nanosPerUnit),
                                nanos / nanosPerUnit);
                    }
                } else {
                    long secondsPerUnit = nanosPerUnit / 1_000_000_000L;
                    if (nanos == 0 && seconds % secondsPerUnit == 0) {
                        return seconds / secondsPerUnit;
                    }
                }
            } catch (ArithmeticException e) {
                // beyond Int64: rejected below
            }
            throw new ValueRejectedException("Duration " + duration + " is not a whole number of "
                    + type().substring("Interval".length()).toLowerCase(java.util.Locale.ROOT)
                    + "s that Int64 holds; round it first (e.g. Duration.truncatedTo)");
        }
        throw wrongClass(value);
    }
}
