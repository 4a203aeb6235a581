package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every writer that multiplies or narrows, at and around each bound of its ClickHouse type and on
 * seeded random values: a value is accepted exactly when the type holds it (computed independently
 * with BigInteger), and an accepted value's bytes decode back to it — nothing wraps.
 */
class WriterBoundsTest {

    private static final long SEED = 20261130L;
    private static final int RANDOM_VALUES = 20_000;

    private static final BigInteger MIN_1900 = BigInteger.valueOf(-2_208_988_800L);   // 1900-01-01T00:00:00Z
    private static final BigInteger END_2299 = BigInteger.valueOf(10_413_792_000L);   // 2300-01-01T00:00:00Z

    @Test
    void integersAcceptExactlyTheirRange() {
        Random random = new Random(SEED);
        String[] families = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"};
        for (String family : families) {
            IntegerWriter writer = IntegerWriter.of(family);
            int bits = Integer.parseInt(family.replaceAll("\\D", ""));
            boolean unsigned = family.startsWith("U");
            BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
            BigInteger max = (unsigned ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1))
                    .subtract(BigInteger.ONE);
            List<BigInteger> values = around(min, max);
            for (int i = 0; i < RANDOM_VALUES; i++) {
                values.add(new BigInteger(random.nextInt(70) + 1, random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)));
                values.add(BigInteger.valueOf(random.nextLong()));
            }
            for (BigInteger value : values) {
                boolean fits = value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
                assertBig(writer, value, fits, bits / 8, unsigned);
                if (value.bitLength() < 64) {
                    assertLong(writer, value.longValue(), fits, bits / 8, unsigned);
                }
            }
        }
    }

    @Test
    void wideIntegersAcceptExactlyTheirRange() {
        Random random = new Random(SEED);
        for (String family : new String[] {"Int128", "Int256", "UInt128", "UInt256"}) {
            BigIntegerWriter writer = BigIntegerWriter.of(family);
            int bits = Integer.parseInt(family.replaceAll("\\D", ""));
            boolean unsigned = family.startsWith("U");
            BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
            BigInteger max = (unsigned ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1))
                    .subtract(BigInteger.ONE);
            List<BigInteger> values = around(min, max);
            for (int i = 0; i < RANDOM_VALUES; i++) {
                values.add(new BigInteger(random.nextInt(bits + 4) + 1, random)
                        .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)));
            }
            for (BigInteger value : values) {
                boolean fits = value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
                assertBig(writer, value, fits, bits / 8, unsigned);
                if (value.bitLength() < 64) {
                    assertLong(writer, value.longValue(), fits, bits / 8, unsigned);
                }
            }
            assertThatThrownBy(() -> writer.check(max.add(BigInteger.ONE))).hasMessageContaining(max.toString())
                    .hasMessageContaining(min.toString());
        }
    }

    @Test
    void dateTime64AcceptsExactlyTheServerRangeThatItsTicksHoldForEveryPrecision() {
        Random random = new Random(SEED);
        for (int p = 0; p <= 9; p++) {
            DateTime64Writer writer = new DateTime64Writer("DateTime64(" + p + ")", p, null);
            BigInteger perSecond = BigInteger.TEN.pow(p);
            BigInteger minTicks = MIN_1900.multiply(perSecond);
            BigInteger maxTicks = END_2299.multiply(perSecond).subtract(BigInteger.ONE)
                    .min(BigInteger.valueOf(Long.MAX_VALUE));
            List<Instant> instants = new ArrayList<>();
            for (Instant bound : new Instant[] {Instant.parse("1900-01-01T00:00:00Z"),
                    Instant.parse("2300-01-01T00:00:00Z"), Instant.parse("2262-04-11T23:47:16.854775807Z"),
                    Instant.ofEpochSecond(Math.min(Long.MAX_VALUE / perSecond.longValue(), Instant.MAX.getEpochSecond() - 10))}) {
                for (long nanos = -2; nanos <= 2; nanos++) {
                    instants.add(bound.plusNanos(nanos * (1_000_000_000L / perSecond.longValue())));
                    instants.add(bound.plusNanos(nanos));
                }
            }
            for (int i = 0; i < RANDOM_VALUES; i++) {
                instants.add(Instant.ofEpochSecond(random.nextLong(-20_000_000_000L, 20_000_000_000L),
                        random.nextInt(1_000_000_000)));
            }
            for (Instant instant : instants) {
                BigInteger ticks = BigInteger.valueOf(instant.getEpochSecond()).multiply(perSecond)
                        .add(BigInteger.valueOf(instant.getNano() / (1_000_000_000L / perSecond.longValue())));
                boolean fits = ticks.compareTo(minTicks) >= 0 && ticks.compareTo(maxTicks) <= 0;
                if (fits) {
                    assertThat(decode(writer, instant, 8, false)).as("%s as %s", instant, writer.type()).isEqualTo(ticks);
                } else {
                    assertThatThrownBy(() -> writer.check(instant)).as("%s as %s", instant, writer.type())
                            .isInstanceOf(ValueRejectedException.class).hasMessageContaining(writer.type());
                }
            }
            for (BigInteger tick : around(minTicks, maxTicks)) {
                if (tick.bitLength() < 64) {
                    assertLong(writer, tick.longValue(), tick.compareTo(minTicks) >= 0 && tick.compareTo(maxTicks) <= 0,
                            8, false);
                }
            }
            assertThat(writer.min()).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
        }
        assertThat(new DateTime64Writer("DateTime64(9)", 9, null).max())
                .isEqualTo(Instant.parse("2262-04-11T23:47:16.854775807Z"));
        assertThat(new DateTime64Writer("DateTime64(8)", 8, null).max())
                .isEqualTo(Instant.parse("2299-12-31T23:59:59.999999990Z"));
    }

    @Test
    void theIssuesWrappingInstantIsRefusedWithItsRange() {
        DateTime64Writer nanos = new DateTime64Writer("DateTime64(9, 'UTC')", 9, "UTC");
        nanos.check(Instant.parse("2262-04-11T23:47:16.854775807Z"));

        assertThatThrownBy(() -> nanos.check(Instant.parse("2262-04-11T23:47:16.854775808Z")))
                .isInstanceOf(ValueRejectedException.class)
                .hasMessageContaining("DateTime64(9, 'UTC')")
                .hasMessageContaining("[1900-01-01T00:00:00Z, 2262-04-11T23:47:16.854775807Z]");
    }

    @Test
    void datesAcceptExactlyTheirDays() {
        Random random = new Random(SEED);
        for (String family : new String[] {"Date", "Date32"}) {
            DateWriter writer = new DateWriter(family);
            long min = family.equals("Date") ? 0 : LocalDate.of(1900, 1, 1).toEpochDay();
            long max = family.equals("Date") ? 65_535 : LocalDate.of(2299, 12, 31).toEpochDay();
            List<Long> days = new ArrayList<>();
            for (long bound : new long[] {min, max, 0, 65_535, Integer.MAX_VALUE}) {
                for (long d = -2; d <= 2; d++) {
                    days.add(bound + d);
                }
            }
            for (int i = 0; i < RANDOM_VALUES; i++) {
                days.add(random.nextLong(-400_000, 400_000));
            }
            for (long day : days) {
                LocalDate date = LocalDate.ofEpochDay(day);
                if (day >= min && day <= max) {
                    assertThat(decode(writer, date, family.equals("Date") ? 2 : 4, family.equals("Date")))
                            .as("%s as %s", date, family).isEqualTo(BigInteger.valueOf(day));
                } else {
                    assertThatThrownBy(() -> writer.check(date)).as("%s as %s", date, family)
                            .isInstanceOf(ValueRejectedException.class);
                }
            }
        }
    }

    @Test
    void dateTimeAcceptsExactlyUInt32Seconds() {
        Random random = new Random(SEED);
        DateTimeWriter writer = new DateTimeWriter("DateTime", null);
        List<Long> seconds = new ArrayList<>();
        for (long bound : new long[] {0, 0xFFFF_FFFFL, Integer.MAX_VALUE, Long.MAX_VALUE - 2, Long.MIN_VALUE + 2}) {
            for (long s = -2; s <= 2; s++) {
                seconds.add(bound + s);
            }
        }
        for (int i = 0; i < RANDOM_VALUES; i++) {
            seconds.add(random.nextLong(-10_000_000_000L, 10_000_000_000L));
        }
        for (long second : seconds) {
            boolean fits = second >= 0 && second <= 0xFFFF_FFFFL;
            assertLong(writer, second, fits, 4, true);
            if (second > -31_557_014_167_219_200L && second < 31_556_889_864_403_199L) {
                Instant instant = Instant.ofEpochSecond(second, 999_999_999);
                if (fits) {
                    assertThat(decode(writer, instant, 4, true)).isEqualTo(BigInteger.valueOf(second));
                } else {
                    assertThatThrownBy(() -> writer.check(instant)).isInstanceOf(ValueRejectedException.class);
                }
            }
        }
    }

    @Test
    void decimalsAcceptExactlyTheirPrecisionAndScale() {
        Random random = new Random(SEED);
        int[][] types = {{9, 0}, {9, 4}, {18, 2}, {18, 18}, {38, 10}, {76, 0}, {76, 38}, {1, 0}};
        for (int[] type : types) {
            int precision = type[0];
            int scale = type[1];
            DecimalWriter writer = new DecimalWriter("Decimal(" + precision + ", " + scale + ")", precision, scale);
            int bytes = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
            BigInteger limit = BigInteger.TEN.pow(precision);
            List<BigDecimal> values = new ArrayList<>();
            for (BigInteger unscaled : around(limit.negate().add(BigInteger.ONE), limit.subtract(BigInteger.ONE))) {
                values.add(new BigDecimal(unscaled, scale));
                values.add(new BigDecimal(unscaled, scale + 1));
                values.add(new BigDecimal(unscaled.multiply(BigInteger.TEN), scale + 1));
            }
            for (int i = 0; i < RANDOM_VALUES / 4; i++) {
                BigInteger unscaled = new BigInteger(random.nextInt(260) + 1, random);
                values.add(new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(-5, 80)));
            }
            for (BigDecimal value : values) {
                BigDecimal exact;
                try {
                    exact = value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                    exact = null;
                }
                boolean fits = exact != null && exact.unscaledValue().abs().compareTo(limit) < 0;
                if (fits) {
                    assertThat(decode(writer, value, bytes, false)).as("%s as Decimal(%d, %d)", value, precision, scale)
                            .isEqualTo(exact.unscaledValue());
                } else {
                    assertThatThrownBy(() -> writer.check(value)).as("%s as Decimal(%d, %d)", value, precision, scale)
                            .isInstanceOf(ValueRejectedException.class);
                }
            }
        }
    }

    @Test
    void float32RefusesOnlyFiniteValuesThatWouldBecomeInfinite() {
        Random random = new Random(SEED);
        FloatWriter writer = new FloatWriter("Float32");
        double midpoint = (double) Float.MAX_VALUE + Math.pow(2, 103);  // rounds up to infinity (ties to even)
        List<Double> values = new ArrayList<>(List.of((double) Float.MAX_VALUE, Math.nextDown(midpoint), midpoint,
                Double.MAX_VALUE, Double.MIN_VALUE, 0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (int i = 0; i < RANDOM_VALUES; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        for (double value : new ArrayList<>(values)) {
            values.add(-value);
        }
        for (double value : values) {
            boolean fits = !Double.isFinite(value) || Math.abs(value) < midpoint;
            if (fits) {
                writer.checkDouble(value);
                RowBuffer out = new RowBuffer(0);
                writer.writeDouble(value, out);
                int bits = (out.array()[0] & 0xFF) | (out.array()[1] & 0xFF) << 8 | (out.array()[2] & 0xFF) << 16
                        | (out.array()[3] & 0xFF) << 24;
                float read = Float.intBitsToFloat(bits);
                assertThat(Float.isNaN(read) ? "NaN" : Float.toString(read)).as("%s", value)
                        .isEqualTo(Double.isNaN(value) ? "NaN" : Float.toString((float) value));
            } else {
                assertThatThrownBy(() -> writer.checkDouble(value)).as("%s", value)
                        .isInstanceOf(ValueRejectedException.class).hasMessageContaining("Float32");
                assertThatThrownBy(() -> writer.check(value)).isInstanceOf(ValueRejectedException.class);
            }
        }
        new FloatWriter("Float64").checkDouble(Double.MAX_VALUE);
    }

    private static List<BigInteger> around(BigInteger min, BigInteger max) {
        List<BigInteger> values = new ArrayList<>();
        for (BigInteger bound : List.of(min, max, BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.valueOf(Long.MIN_VALUE), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))) {
            for (long d = -2; d <= 2; d++) {
                values.add(bound.add(BigInteger.valueOf(d)));
            }
        }
        return values;
    }

    private static void assertBig(ValueWriter writer, BigInteger value, boolean fits, int bytes, boolean unsigned) {
        if (fits) {
            assertThat(decode(writer, value, bytes, unsigned)).as("%s as %s", value, writer.type()).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> writer.check(value)).as("%s as %s", value, writer.type())
                    .isInstanceOf(ValueRejectedException.class).hasMessageContaining(writer.type());
        }
    }

    private static void assertLong(LongSink sink, long value, boolean fits, int bytes, boolean unsigned) {
        if (fits) {
            sink.checkLong(value);
            RowBuffer out = new RowBuffer(0);
            sink.writeLong(value, out);
            assertThat(littleEndian(out, bytes, unsigned)).as("%s", value).isEqualTo(BigInteger.valueOf(value));
        } else {
            assertThatThrownBy(() -> sink.checkLong(value)).as("%s", value).isInstanceOf(ValueRejectedException.class);
            assertThatThrownBy(() -> sink.writeLong(value, new RowBuffer(0))).isInstanceOf(ValueRejectedException.class);
        }
    }

    /** Checks and writes {@code value}, then reads the bytes back as a little-endian integer. */
    private static BigInteger decode(ValueWriter writer, Object value, int bytes, boolean unsigned) {
        writer.check(value);
        RowBuffer out = new RowBuffer(0);
        writer.write(value, out);
        assertThat(out.size()).isEqualTo(bytes);
        return littleEndian(out, bytes, unsigned);
    }

    private static BigInteger littleEndian(RowBuffer out, int bytes, boolean unsigned) {
        byte[] bigEndian = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            bigEndian[i] = out.array()[bytes - 1 - i];
        }
        return unsigned ? new BigInteger(1, bigEndian) : new BigInteger(bigEndian);
    }
}
