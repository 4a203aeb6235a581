package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeBlock#appendRows}, a write-ahead log's path into a Native block: RowBinary bytes written by hand (the
 * RowBinary format of ClickHouse's docs: LEB128 lengths, a 0/1 byte before a Nullable's value, an element count
 * before an Array's elements), moved into the columns, against the Native bytes written by hand ("Native format":
 * each column whole, a null map then the values, cumulative UInt64 end offsets then the elements).
 */
class NativeBlockTest {

    private static final List<String> NAMES = List.of("u", "i", "s", "n", "a");
    private static final List<String> TYPES = List.of("UInt8", "Int64", "String", "Nullable(String)", "Array(String)");

    /** Row 1: 7, -1, 127 × 'a' (a one-byte length, the longest), NULL, ['', 128 × 'b'] (a two-byte length). */
    private static final byte[] ROW_1 = concat(bytes(7), repeat(0xFF, 8), bytes(127), repeat('a', 127), bytes(1),
            bytes(2, 0, 0x80, 0x01), repeat('b', 128));
    /** Row 2: 0, 2, 300 × 'c' (length 0xAC 0x02), 'x', []. */
    private static final byte[] ROW_2 = concat(bytes(0), bytes(2, 0, 0, 0, 0, 0, 0, 0), bytes(0xAC, 0x02),
            repeat('c', 300), bytes(0, 1, 'x'), bytes(0));

    @Test
    void rowsMovedInAreEachColumnWholeWithNullMapAndOffsetsAsClickHouseReadsThem() {
        NativeBlock block = block();
        byte[] both = concat(ROW_1, ROW_2);
        block.appendRows(both, 0, both.length, 2);

        byte[] expected = concat(bytes(5, 2),
                header("u", "UInt8"), bytes(7, 0),
                header("i", "Int64"), repeat(0xFF, 8), bytes(2, 0, 0, 0, 0, 0, 0, 0),
                header("s", "String"), bytes(127), repeat('a', 127), bytes(0xAC, 0x02), repeat('c', 300),
                header("n", "Nullable(String)"), bytes(1, 0), bytes(0), bytes(1, 'x'),
                header("a", "Array(String)"), bytes(2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0),
                bytes(0), bytes(0x80, 0x01), repeat('b', 128));
        assertThat(written(block)).isEqualTo(expected);
        assertThat(block.rows()).isEqualTo(2);
    }

    @Test
    void oneRowPerRecordAndSeveralRowsInOneRecordMakeTheSameBlock() {
        NativeBlock apart = block();
        apart.appendRows(ROW_1, 0, ROW_1.length, 1);
        byte[] second = concat(bytes(9, 9), ROW_2);
        apart.appendRows(second, 2, second.length, 1);
        NativeBlock together = block();
        byte[] both = concat(ROW_1, ROW_2);
        together.appendRows(both, 0, both.length, 2);

        assertThat(written(apart)).isEqualTo(written(together));
    }

    @Test
    void rowsThatDoNotEndWhereTheRecordEndsAreRefused() {
        NativeBlock block = block();
        byte[] longer = concat(ROW_1, bytes(0));

        assertThatThrownBy(() -> block.appendRows(longer, 0, longer.length, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 rows read " + ROW_1.length + " bytes of " + longer.length);
    }

    private static NativeBlock block() {
        return new NativeBlock(NAMES, TYPES, List.of(NativeColumn.fixed(1), NativeColumn.fixed(8),
                NativeColumn.string(), NativeColumn.nullable(NativeColumn.string()),
                NativeColumn.array(NativeColumn.string())));
    }

    private static byte[] written(NativeBlock block) {
        RowBuffer out = new RowBuffer(16);
        block.writeTo(out);
        return Arrays.copyOf(out.array(), out.size());
    }

    private static byte[] header(String name, String type) {
        return concat(bytes(name.length()), name.getBytes(), bytes(type.length()), type.getBytes());
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
