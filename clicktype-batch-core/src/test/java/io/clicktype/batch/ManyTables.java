package io.clicktype.batch;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Fifty row types, one table each ({@code outage_t00} ... {@code outage_t49}), for the many-tables outage test: a
 * service is shaped like this, not like one table in a lab. Each row's payload is a few hundred bytes, as in the
 * report that the memory budget answers.
 */
public final class ManyTables {

    private ManyTables() {
    }

    @ClickTable("outage_t00")
    public record T00(long id, String payload) {
    }

    @ClickTable("outage_t01")
    public record T01(long id, String payload) {
    }

    @ClickTable("outage_t02")
    public record T02(long id, String payload) {
    }

    @ClickTable("outage_t03")
    public record T03(long id, String payload) {
    }

    @ClickTable("outage_t04")
    public record T04(long id, String payload) {
    }

    @ClickTable("outage_t05")
    public record T05(long id, String payload) {
    }

    @ClickTable("outage_t06")
    public record T06(long id, String payload) {
    }

    @ClickTable("outage_t07")
    public record T07(long id, String payload) {
    }

    @ClickTable("outage_t08")
    public record T08(long id, String payload) {
    }

    @ClickTable("outage_t09")
    public record T09(long id, String payload) {
    }

    @ClickTable("outage_t10")
    public record T10(long id, String payload) {
    }

    @ClickTable("outage_t11")
    public record T11(long id, String payload) {
    }

    @ClickTable("outage_t12")
    public record T12(long id, String payload) {
    }

    @ClickTable("outage_t13")
    public record T13(long id, String payload) {
    }

    @ClickTable("outage_t14")
    public record T14(long id, String payload) {
    }

    @ClickTable("outage_t15")
    public record T15(long id, String payload) {
    }

    @ClickTable("outage_t16")
    public record T16(long id, String payload) {
    }

    @ClickTable("outage_t17")
    public record T17(long id, String payload) {
    }

    @ClickTable("outage_t18")
    public record T18(long id, String payload) {
    }

    @ClickTable("outage_t19")
    public record T19(long id, String payload) {
    }

    @ClickTable("outage_t20")
    public record T20(long id, String payload) {
    }

    @ClickTable("outage_t21")
    public record T21(long id, String payload) {
    }

    @ClickTable("outage_t22")
    public record T22(long id, String payload) {
    }

    @ClickTable("outage_t23")
    public record T23(long id, String payload) {
    }

    @ClickTable("outage_t24")
    public record T24(long id, String payload) {
    }

    @ClickTable("outage_t25")
    public record T25(long id, String payload) {
    }

    @ClickTable("outage_t26")
    public record T26(long id, String payload) {
    }

    @ClickTable("outage_t27")
    public record T27(long id, String payload) {
    }

    @ClickTable("outage_t28")
    public record T28(long id, String payload) {
    }

    @ClickTable("outage_t29")
    public record T29(long id, String payload) {
    }

    @ClickTable("outage_t30")
    public record T30(long id, String payload) {
    }

    @ClickTable("outage_t31")
    public record T31(long id, String payload) {
    }

    @ClickTable("outage_t32")
    public record T32(long id, String payload) {
    }

    @ClickTable("outage_t33")
    public record T33(long id, String payload) {
    }

    @ClickTable("outage_t34")
    public record T34(long id, String payload) {
    }

    @ClickTable("outage_t35")
    public record T35(long id, String payload) {
    }

    @ClickTable("outage_t36")
    public record T36(long id, String payload) {
    }

    @ClickTable("outage_t37")
    public record T37(long id, String payload) {
    }

    @ClickTable("outage_t38")
    public record T38(long id, String payload) {
    }

    @ClickTable("outage_t39")
    public record T39(long id, String payload) {
    }

    @ClickTable("outage_t40")
    public record T40(long id, String payload) {
    }

    @ClickTable("outage_t41")
    public record T41(long id, String payload) {
    }

    @ClickTable("outage_t42")
    public record T42(long id, String payload) {
    }

    @ClickTable("outage_t43")
    public record T43(long id, String payload) {
    }

    @ClickTable("outage_t44")
    public record T44(long id, String payload) {
    }

    @ClickTable("outage_t45")
    public record T45(long id, String payload) {
    }

    @ClickTable("outage_t46")
    public record T46(long id, String payload) {
    }

    @ClickTable("outage_t47")
    public record T47(long id, String payload) {
    }

    @ClickTable("outage_t48")
    public record T48(long id, String payload) {
    }

    @ClickTable("outage_t49")
    public record T49(long id, String payload) {
    }

    /** The fifty row types, in table order. */
    public static final List<Class<? extends Record>> TYPES = List.of(T00.class, T01.class, T02.class, T03.class, T04.class, T05.class, T06.class, T07.class, T08.class, T09.class, T10.class, T11.class, T12.class, T13.class, T14.class, T15.class, T16.class, T17.class, T18.class, T19.class, T20.class, T21.class, T22.class, T23.class, T24.class, T25.class, T26.class, T27.class, T28.class, T29.class, T30.class, T31.class, T32.class, T33.class, T34.class, T35.class, T36.class, T37.class, T38.class, T39.class, T40.class, T41.class, T42.class, T43.class, T44.class, T45.class, T46.class, T47.class, T48.class, T49.class);

    /** Makes a row of table {@code index}: the record's canonical constructor (long id, String payload). */
    public static BiFunction<Long, String, Object> rowMaker(int index) {
        Class<? extends Record> type = TYPES.get(index);
        try {
            java.lang.reflect.Constructor<? extends Record> constructor = type.getDeclaredConstructor(long.class,
                    String.class);
            return (id, payload) -> {
                try {
                    return constructor.newInstance(id, payload);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The table of row type {@code index}. */
    public static String table(int index) {
        return String.format("outage_t%02d", index);
    }
}
