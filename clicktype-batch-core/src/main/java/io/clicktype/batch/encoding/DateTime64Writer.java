package io.clicktype.batch.encoding;

import java.time.Instant;

/**
 * DateTime64(p[, tz]): Int64 ticks of 10^-p seconds since the epoch. Accepts Instant, OffsetDateTime,
 * ZonedDateTime, LocalDateTime (in the column's zone, else UTC) and {@code long} ticks. Digits finer
 * than p are dropped, like ClickHouse's own parsing does.
 *
 * <p>The range is the server's, 1900-01-01T00:00:00Z to 2299-12-31T23:59:59.999999999Z, cut to what
 * an Int64 tick count holds: for p = 9 that ends at 2262-04-11T23:47:16.854775807Z (2^63 - 1 ns). A
 * value outside — a time object or a raw tick count — is rejected, never wrapped: the multiplication
 * is bounded by precomputed limits, so the check allocates nothing.
 */
public final class DateTime64Writer extends ValueWriter implements LongSink {

    private static final long MIN_SECOND = -2_208_988_800L;  // 1900-01-01T00:00:00Z
    private static final long MAX_SECOND = 10_413_791_999L;  // 2299-12-31T23:59:59Z

    private final Instants instants;
    private final long ticksPerSecond;
    private final int nanosPerTick;
    private final long minTicks;
    private final long maxTicks;
    private final long maxSecond;
    private final String range;

    /** @param precision p, 0..9; @param zone the column's timezone or {@code null} */
    public DateTime64Writer(String type, int precision, String zone) {
        super(type);
        if (precision < 0 || precision > 9) {
            throw new IllegalArgumentException("DateTime64 precision must be 0..9, was " + precision);
        }
        this.instants = new Instants(zone);
        long ticks = 1;
        for (int i = 0; i < precision; i++) {
            ticks *= 10;
        }
        this.ticksPerSecond = ticks;
        this.nanosPerTick = (int) (1_000_000_000L / ticks);
        this.minTicks = MIN_SECOND * ticks;
        long max;
        try {
            max = Math.addExact(Math.multiplyExact(MAX_SECOND, ticks), ticks - 1);
        } catch (ArithmeticException e) {
            max = Long.MAX_VALUE;
        }
        this.maxTicks = max;
        this.maxSecond = Math.floorDiv(max, ticks);
        this.range = "[" + instantOf(minTicks) + ", " + instantOf(maxTicks) + "] (ticks [" + minTicks + ", "
                + maxTicks + "])";
    }

    /** The first instant the column holds. */
    public Instant min() {
        return instantOf(minTicks);
    }

    /** The last instant the column holds. */
    public Instant max() {
        return instantOf(maxTicks);
    }

    @Override
    public void checkLong(long ticks) {
        if (ticks < minTicks || ticks > maxTicks) {
            throw new ValueRejectedException("tick count " + ticks + " is outside the " + type() + " range " + range);
        }
    }

    @Override
    public void writeLong(long ticks, RowBuffer out) {
        checkLong(ticks);
        out.writeLongLE(ticks);
    }

    @Override
    protected void checkNonNull(Object value) {
        ticks(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        out.writeLongLE(ticks(value));
    }

    private long ticks(Object value) {
        if (value instanceof Long l) {
            checkLong(l);
            return l;
        }
        if (!Instants.supports(value)) {
            throw wrongClass(value);
        }
        long second = instants.epochSecond(value);
        if (second >= MIN_SECOND && second <= maxSecond) {
            long base = second * ticksPerSecond;  // cannot overflow: second <= maxTicks / ticksPerSecond
            long fraction = Instants.nano(value) / nanosPerTick;
            // below maxSecond any fraction fits; at it, base >= 0, so maxTicks - base cannot overflow
            if (second < maxSecond || fraction <= maxTicks - base) {
                return base + fraction;
            }
        }
        throw new ValueRejectedException(value + " is outside the " + type() + " range " + range);
    }

    private Instant instantOf(long ticks) {
        return Instant.ofEpochSecond(Math.floorDiv(ticks, ticksPerSecond),
                Math.floorMod(ticks, ticksPerSecond) * nanosPerTick);
    }
}
