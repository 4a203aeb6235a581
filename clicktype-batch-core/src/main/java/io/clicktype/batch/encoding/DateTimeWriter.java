package io.clicktype.batch.encoding;

/**
 * DateTime([tz]): UInt32 seconds since the epoch, 1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z;
 * outside that range the value is rejected. Accepts Instant, OffsetDateTime, ZonedDateTime,
 * LocalDateTime (in the column's zone, else UTC) and {@code long} epoch seconds. Fractions of a
 * second are dropped (the type has none).
 */
public final class DateTimeWriter extends ValueWriter implements LongSink {

    private final Instants instants;

    /** @param zone the column's timezone or {@code null} */
    public DateTimeWriter(String type, String zone) {
        super(type);
        this.instants = new Instants(zone);
    }

    @Override
    public void checkLong(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new ValueRejectedException("epoch second " + value + " is outside the " + type()
                    + " range [0, 4294967295] (1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z); use DateTime64");
        }
    }

    @Override
    public void writeLong(long value, RowBuffer out) {
        checkLong(value);
        out.writeIntLE((int) value);
    }

    @Override
    protected void checkNonNull(Object value) {
        checkLong(seconds(value));
    }

    @Override
    protected void writeNonNull(Object value, RowBuffer out) {
        writeLong(seconds(value), out);
    }

    private long seconds(Object value) {
        if (Instants.supports(value)) {
            return instants.epochSecond(value);
        }
        if (value instanceof Long l) {
            return l;
        }
        throw wrongClass(value);
    }
}
