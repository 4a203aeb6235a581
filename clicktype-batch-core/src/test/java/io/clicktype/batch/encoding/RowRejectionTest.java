package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values that do not fit are refused with table, column, Java type and ClickHouse type. */
class RowRejectionTest {

    @ClickTable("t") record L(long v) { }
    @ClickTable("t") record BoxL(Long v) { }
    @ClickTable("t") record Str(String v) { }
    @ClickTable("t") record Dec(BigDecimal v) { }
    @ClickTable("t") record At(Instant v) { }
    @ClickTable("t") record Day(LocalDate v) { }
    @ClickTable("t") record Big(BigInteger v) { }
    @ClickTable("t") record Strings(List<String> v) { }
    @ClickTable("t") record Ip(InetAddress v) { }
    enum Color { RED, GREEN }
    @ClickTable("t") record E(Color v) { }
    @ClickTable("t") record Dbl(double v) { }
    @ClickTable("t") record Doubles(double[] v) { }

    private static <T> void assertRejected(Class<T> type, String chType, T row, String message) {
        RowMapping<T> mapping = RowMappings.create(type, List.of(new TableColumn("v", chType, "")));
        RowBuffer out = new RowBuffer(8);
        assertThatThrownBy(() -> mapping.encoder().validate(row))
                .isInstanceOf(RowRejectedException.class)
                .hasMessage(message)
                .satisfies(e -> {
                    assertThat(((RowRejectedException) e).table()).isEqualTo("t");
                    assertThat(((RowRejectedException) e).column()).isEqualTo("v");
                });
        assertThat(out.size()).as("validate writes nothing").isZero();
        assertThatThrownBy(() -> mapping.encoder().encode(row, out)).isInstanceOf(RowRejectedException.class)
                .hasMessage(message);
    }

    private static String prefix(String chType, String javaType) {
        return "Row rejected by table `t`: column `v` is " + chType + " in ClickHouse, Java `" + javaType + "`: ";
    }

    @Test
    void nullInNonNullable() {
        assertRejected(Str.class, "String", new Str(null), prefix("String", "String")
                + "null is not allowed in String; set a value or make the column Nullable(String)");
        assertRejected(Strings.class, "Array(String)", new Strings(Arrays.asList("a", null)),
                prefix("Array(String)", "List<String>")
                        + "a null element is not allowed in Array(String); leave it out or make that type "
                        + "Array(Nullable(String))");
        assertRejected(Strings.class, "Array(String)", new Strings(null), prefix("Array(String)", "List<String>")
                + "null is not allowed in Array(String); ClickHouse has no Nullable Array; send an empty collection "
                + "(or array) instead of null");
        assertRejected(Str.class, "LowCardinality(String)", new Str(null), prefix("LowCardinality(String)", "String")
                + "null is not allowed in LowCardinality(String); set a value or make the column "
                + "LowCardinality(Nullable(String))");
    }

    @Test
    void unsignedOutOfRange() {
        assertRejected(L.class, "UInt32", new L(4294967296L), prefix("UInt32", "long")
                + "value 4294967296 is outside the UInt32 range [0, 4294967295]");
        assertRejected(L.class, "UInt8", new L(-1), prefix("UInt8", "long") + "value -1 is outside the UInt8 range [0, 255]");
        assertRejected(L.class, "UInt64", new L(-1), prefix("UInt64", "long")
                + "value -1 is outside the UInt64 range [0, 18446744073709551615]");
        assertRejected(BoxL.class, "Nullable(Int8)", new BoxL(128L), prefix("Nullable(Int8)", "Long")
                + "value 128 is outside the Int8 range [-128, 127]");
        assertRejected(Big.class, "UInt128", new Big(BigInteger.TWO.pow(128)), prefix("UInt128", "BigInteger")
                + "value 340282366920938463463374607431768211456 is outside the UInt128 range [0, "
                + "340282366920938463463374607431768211455]");
    }

    @Test
    void float32NarrowingThatWouldBeInfinite() {
        assertRejected(Dbl.class, "Float32", new Dbl(1e39), prefix("Float32", "double")
                + "value 1.0E39 is outside the Float32 range [-3.4028235E38, 3.4028235E38] (it would become Infinity); "
                + "make the column Float64");
        assertRejected(Doubles.class, "Array(Float32)", new Doubles(new double[] {1, -1e39}),
                prefix("Array(Float32)", "double[]") + "value -1.0E39 is outside the Float32 range [-3.4028235E38, "
                        + "3.4028235E38] (it would become -Infinity); make the column Float64");
    }

    @Test
    void dateTimeOutOfRange() {
        assertRejected(At.class, "DateTime", new At(Instant.ofEpochSecond(-1)), prefix("DateTime", "Instant")
                + "epoch second -1 is outside the DateTime range [0, 4294967295] (1970-01-01T00:00:00Z to "
                + "2106-02-07T06:28:15Z); use DateTime64");
        assertRejected(At.class, "DateTime64(3)", new At(Instant.parse("1899-12-31T23:59:59Z")),
                prefix("DateTime64(3)", "Instant") + "1899-12-31T23:59:59Z is outside the DateTime64(3) range "
                        + "[1900-01-01T00:00:00Z, 2299-12-31T23:59:59.999Z] (ticks [-2208988800000, 10413791999999])");
        assertRejected(At.class, "DateTime64(9, 'UTC')", new At(Instant.parse("2262-04-11T23:47:16.854775808Z")),
                prefix("DateTime64(9, 'UTC')", "Instant") + "2262-04-11T23:47:16.854775808Z is outside the "
                        + "DateTime64(9, 'UTC') range [1900-01-01T00:00:00Z, 2262-04-11T23:47:16.854775807Z] (ticks "
                        + "[-2208988800000000000, 9223372036854775807])");
        assertRejected(Day.class, "Date", new Day(LocalDate.of(1969, 12, 31)), prefix("Date", "LocalDate")
                + "date 1969-12-31 is outside the Date range [1970-01-01, 2149-06-06]");
    }

    @Test
    void fixedStringTooLongSaysLengthNotValue() {
        assertRejected(Str.class, "FixedString(4)", new Str("secret!"), prefix("FixedString(4)", "String")
                + "a value of 7 bytes is longer than FixedString(4); shorten it or widen the column");
    }

    @Test
    void decimalScaleAndOverflow() {
        assertRejected(Dec.class, "Decimal(18, 2)", new Dec(new BigDecimal("1.005")), prefix("Decimal(18, 2)", "BigDecimal")
                + "BigDecimal with scale 3 has more fractional digits than Decimal(18, 2) keeps (2); round it explicitly "
                + "with setScale(2, mode) first");
        assertRejected(Dec.class, "Decimal(9, 2)", new Dec(new BigDecimal("-10000000.00")), prefix("Decimal(9, 2)", "BigDecimal")
                + "BigDecimal with 8 integer digits overflows Decimal(9, 2) (at most 7)");
    }

    @Test
    void unknownEnumName() {
        assertRejected(E.class, "Enum8('RED' = 1)", new E(Color.GREEN), prefix("Enum8('RED' = 1)", "RowRejectionTest.Color")
                + "enum name GREEN is not a value of Enum8('RED' = 1); add it to the column's enum or map it to an existing name");
        assertRejected(Str.class, "Enum8('RED' = 1)", new Str("BLUE"), prefix("Enum8('RED' = 1)", "String")
                + "enum name (String of length 4) is not a value of Enum8('RED' = 1); add it to the column's enum or map it "
                + "to an existing name");
    }

    @Test
    void ipv6IntoIpv4() throws Exception {
        assertRejected(Ip.class, "IPv4", new Ip(InetAddress.getByName("::1")), prefix("IPv4", "InetAddress")
                + "an IPv6 address cannot be written to IPv4; use an IPv6 column");
    }

    @Test
    void nullRow() {
        RowMapping<L> mapping = RowMappings.create(L.class, null);
        assertThatThrownBy(() -> mapping.encoder().validate(null)).isInstanceOf(RowRejectedException.class)
                .hasMessage("Cannot insert a null row into table `t`");
    }

    @Test
    void decimalPadsScaleExactly() {
        RowMapping<Dec> mapping = RowMappings.create(Dec.class, List.of(new TableColumn("v", "Decimal(9, 4)", "")));
        RowBuffer out = new RowBuffer(0);
        mapping.encoder().encode(new Dec(new BigDecimal("-1.5")), out);
        assertThat(Arrays.copyOf(out.array(), out.size())).containsExactly(0x68, 0xC5, 0xFF, 0xFF);  // -15000 LE
    }
}
