package io.clicktype.batch.encoding;

/**
 * DateTime64(p[, tz]): Int64 ticks of 10^-p seconds since the epoch, for 1900-01-01 to
 * 2299-12-31 (else rejected). Accepts Instant, OffsetDateTime, ZonedDateTime, LocalDateTime (in
 * the column's zone, else UTC) and {@code long} ticks. Digits finer than p are dropped, like
 * ClickHouse's own parsing does.
 */
public final class DateTime64Writer extends ValueWriter implements LongSink {

    private static final long MIN_SECOND = -2_208_988_800L;  // 1900-01-01T00:00:00Z
    private static final long MAX_SECOND = 10_413_791_999L;  // 2299-12-31T23:59:59Z

    private final Instants instants;
    private final long ticksPerSecond;
    private final int nanosPerTick;

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
    }

    @Override
    public void checkLong(long ticks) {
        // any long is a representable tick count; the server range is checked for time objects
    }

    @Override
    public void writeLong(long ticks, RowBuffer out) {
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
            return l;
        }
        if (!Instants.supports(value)) {
            throw wrongClass(value);
        }
        long second = instants.epochSecond(value);
        if (second < MIN_SECOND || second > MAX_SECOND) {
            throw new ValueRejectedException("epoch second " + second + " is outside the " + type()
                    + " range [1900-01-01T00:00:00Z, 2299-12-31T23:59:59Z]");
        }
        return second * ticksPerSecond + Instants.nano(value) / nanosPerTick;
    }
}
