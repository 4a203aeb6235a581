package io.clicktype.batch.encoding;

import java.time.LocalDate;

/**
 * Date (UInt16 days since 1970-01-01, up to 2149-06-06) and Date32 (Int32 days, 1900-01-01 to
 * 2299-12-31). Accepts {@link LocalDate}; a date outside the range is rejected, never clamped.
 */
public final class DateWriter extends ValueWriter {

    private static final long DATE32_MIN = LocalDate.of(1900, 1, 1).toEpochDay();
    private static final long DATE32_MAX = LocalDate.of(2299, 12, 31).toEpochDay();

    private final boolean wide;
    private final long min;
    private final long max;

    /** @param family {@code Date} or {@code Date32} */
    public DateWriter(String family) {
        super(family);
        this.wide = family.equals("Date32");
        this.min = wide ? DATE32_MIN : 0;
        this.max = wide ? DATE32_MAX : 0xFFFF;
    }

    @Override
    protected void checkNonNull(Object value) {
        day(value);
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        long day = day(value);
        if (wide) {
            out.writeIntLE((int) day);
        } else {
            out.writeShortLE((int) day);
        }
    }

    private long day(Object value) {
        if (!(value instanceof LocalDate date)) {
            throw wrongClass(value);
        }
        long day = date.toEpochDay();
        if (day < min || day > max) {
            throw new ValueRejectedException("date " + date + " is outside the " + type() + " range ["
                    + LocalDate.ofEpochDay(min) + ", " + LocalDate.ofEpochDay(max) + "]");
        }
        return day;
    }
}
