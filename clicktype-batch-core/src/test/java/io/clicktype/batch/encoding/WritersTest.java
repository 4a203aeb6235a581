package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Byte layouts of single writers, checked against the RowBinary format description. */
class WritersTest {

    private static String hex(ValueWriter writer, Object value) {
        RowBuffer out = new RowBuffer(0);
        writer.check(value);
        writer.write(value, out);
        return HexFormat.of().formatHex(Arrays.copyOf(out.array(), out.size()));
    }

    @Test
    void integersAreLittleEndian() {
        assertThat(hex(IntegerWriter.of("Int16"), (short) -2)).isEqualTo("feff");
        assertThat(hex(IntegerWriter.of("UInt32"), 0xDEADBEEFL)).isEqualTo("efbeadde");
        assertThat(hex(IntegerWriter.of("UInt64"), new BigInteger("18446744073709551615"))).isEqualTo("ffffffffffffffff");
        assertThat(hex(BigIntegerWriter.of("Int128"), -2L)).isEqualTo("fe" + "ff".repeat(15));
    }

    @Test
    void stringsAreVarintPrefixedUtf8() {
        assertThat(hex(new StringWriter("String"), "é")).isEqualTo("02c3a9");
        assertThat(hex(new StringWriter("String"), "x".repeat(200))).startsWith("c801");
        // reserved 2-byte prefix for the worst case, 1 byte needed: the bytes move back by one
        assertThat(hex(new StringWriter("String"), "x".repeat(50))).isEqualTo("32" + "78".repeat(50));
        assertThat(hex(new StringWriter("String"), "")).isEqualTo("00");
        assertThat(hex(new StringWriter("String"), "\uD83D\uDC22")).isEqualTo("04f09f90a2");
        // a lone surrogate has no UTF-8 form: refused, where getBytes would write '?'
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StringWriter("String").check("\uD83D"))
                .isInstanceOf(ValueRejectedException.class).hasMessageContaining("unpaired");
        assertThat(hex(new FixedStringWriter("FixedString(3)", 3), "a")).isEqualTo("610000");
    }

    @Test
    void uuidIsTwoLittleEndianHalves() {
        assertThat(hex(new UuidWriter(), UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")))
                .isEqualTo("7766554433221100" + "ffeeddccbbaa9988");
    }

    @Test
    void nullableArrayMapLayouts() {
        ValueWriter nullable = new NullableWriter("Nullable(Int8)", IntegerWriter.of("Int8"));
        assertThat(hex(nullable, null)).isEqualTo("01");
        assertThat(hex(nullable, (byte) 5)).isEqualTo("0005");
        assertThat(hex(new ArrayWriter("Array(Int8)", IntegerWriter.of("Int8")), List.of((byte) 1, (byte) 2)))
                .isEqualTo("020102");
        assertThat(hex(new ArrayWriter("Array(Int32)", IntegerWriter.of("Int32")), new int[] {1})).isEqualTo("0101000000");
        assertThat(hex(new MapWriter("Map(String, UInt8)", new StringWriter("String"), IntegerWriter.of("UInt8")),
                Map.of("a", 1))).isEqualTo("01016101");
    }

    @Test
    void enumWritesDeclaredCode() {
        EnumWriter writer = new EnumWriter("Enum16('A' = -2)", Map.of("A", -2), null);
        assertThat(hex(writer, "A")).isEqualTo("feff");
    }
}
