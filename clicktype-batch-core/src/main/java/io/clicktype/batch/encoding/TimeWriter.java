package io.clicktype.batch.encoding;

import java.time.Duration;
import java.time.LocalTime;

/**
 * Time and Time64(p): a time of day or a signed span, without date or zone. Time is an Int32 count of
 * seconds, Time64(p) an Int64 count of ticks of 10^-p seconds (ClickHouse docs, "Time": "a signed 32-bit
 * integer that encodes the seconds"; "Time64": "signed Decimal64 value counting fractional second with
 * precision fractional digits"). Accepts {@link LocalTime} (00:00 to 23:59:59.999999999), {@link Duration}
 * and a {@code long} count of seconds (Time) or ticks (Time64).
 *
 * <p>The range is the one the server prints and computes with, -999:59:59 to 999:59:59 (plus p fractional
 * digits); the server would saturate anything beyond when reading it back, so such a value is rejected.
 * Digits finer than the type keeps are dropped toward zero, as ClickHouse's own parser drops them.
 */
public final class TimeWriter extends ValueWriter implements LongSink {

    /** 999:59:59 in seconds, the last time the server represents. */
    static final long MAX_SECONDS = 999L * 3600 + 59 * 60 + 59;

    private final boolean wide;
    private final long ticksPerSecond;
    private final long nanosPerTick;
    private final long maxTicks;

    /** @param precision {@code -1} for Time (Int32 seconds), else p of Time64(p), 0..9 */
    public TimeWriter(String type, int precision) {
        super(type);
        if (precision < -1 || precision > 9) {
            throw new IllegalArgumentException("Time64 precision must be 0..9, was " + precision);
        }
        this.wide = precision >= 0;
        long ticks = 1;
        for (int i = 0; i < precision; i++) {
            ticks *= 10;
        }
        this.ticksPerSecond = ticks;
        this.nanosPerTick = 1_000_000_000L / ticks;
        this.maxTicks = MAX_SECONDS * ticks + ticks - 1;
    }

    @Override
    public void checkLong(long ticks) {
        if (ticks < -maxTicks || ticks > maxTicks) {
            throw new ValueRejectedException((wide ? "tick count " : "second count ") + ticks + " is outside the "
                    + type() + " range [-999:59:59, 999:59:59] (" + (wide ? "ticks" : "seconds") + " [" + -maxTicks
                    + ", " + maxTicks + "])");
        }
    }

    @Override
    public void writeLong(long ticks, RowBuffer out) {
        checkLong(ticks);
        if (wide) {
            out.writeLongLE(ticks);
        } else {
            out.writeIntLE((int) ticks);
        }
    }

    @Override
    protected void checkNonNull(Object value) {
        checkLong(ticks(value));
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        writeLong(ticks(value), out);
    }

    private long ticks(Object value) {
        if (value instanceof LocalTime time) {
            return time.toSecondOfDay() * ticksPerSecond + time.getNano() / nanosPerTick;
        }
        if (value instanceof Duration duration) {
            long seconds = duration.getSeconds();
            int nanos = duration.getNano();
            if (seconds < 0 && nanos > 0) {  // Duration keeps nanos positive; count toward zero instead
                seconds++;
                nanos -= 1_000_000_000;
            }
            if (seconds < -MAX_SECONDS - 1 || seconds > MAX_SECONDS) {
                throw new ValueRejectedException("Duration " + duration + " is outside the " + type()
                        + " range [-999:59:59, 999:59:59]");
            }
            return seconds * ticksPerSecond + nanos / nanosPerTick;
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw wrongClass(value);
    }
}
