package io.clicktype.batch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.NativeBlock;
import io.clicktype.batch.encoding.NativeColumn;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.mapping.NativeLayouts;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Native batch converted after an ALTER is exactly the Native block the converted RowBinary batch makes: both
 * formats carry every value over the same way (or refuse the same changes).
 */
class NativeConversionsTest {

    private static final TableRef TABLE = TableRef.of("t");
    private static final List<String> NAMES = List.of("id", "v", "n", "a", "m", "s", "t");
    private static final BatchSchema ENCODED = new BatchSchema(NAMES, List.of("UInt64", "Int32", "Nullable(Int16)",
            "Array(Int32)", "Map(String, Int32)", "String", "Tuple(Int8, String)"));

    /** A table on a server that checks types; its columns as the test sets them. */
    private static final class Table implements ClickHouseTransport {
        List<TableColumn> columns = new ArrayList<>();

        Table set(String... columnsAndTypes) {
            columns = new ArrayList<>();
            for (int i = 0; i < columnsAndTypes.length; i += 2) {
                columns.add(new TableColumn(columnsAndTypes[i], columnsAndTypes[i + 1], ""));
            }
            return this;
        }

        @Override
        public void insert(InsertRequest request) {
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            return columns;
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("x", Set.of(), Set.of(), null, Map.of(), Set.of(SchemaGuard.TYPED_FORMAT));
        }

        @Override
        public void close() {
        }
    }

    private static void string(RowBuffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeVarUInt(bytes.length);
        out.writeBytes(bytes, 0, bytes.length);
    }

    /** Three rows in RowBinary for {@link #ENCODED}, with the ends of each type, a NULL and empty arrays and maps. */
    private static RowBuffer rows() {
        RowBuffer out = new RowBuffer(256);
        // 1, MIN, NULL, [1, -2], {k: -5}, 'x', (-1, 'a')
        out.writeLongLE(1);
        out.writeIntLE(Integer.MIN_VALUE);
        out.writeByte(1);
        out.writeVarUInt(2);
        out.writeIntLE(1);
        out.writeIntLE(-2);
        out.writeVarUInt(1);
        string(out, "k");
        out.writeIntLE(-5);
        string(out, "x");
        out.writeByte(-1);
        string(out, "a");
        // 2, MAX, -7, [], {}, '', (127, '')
        out.writeLongLE(2);
        out.writeIntLE(Integer.MAX_VALUE);
        out.writeByte(0);
        out.writeShortLE(-7);
        out.writeVarUInt(0);
        out.writeVarUInt(0);
        string(out, "");
        out.writeByte(127);
        string(out, "");
        // 3, 0, 300, [MIN], {a: 1, b: 2}, 'zz', (0, 'bb')
        out.writeLongLE(3);
        out.writeIntLE(0);
        out.writeByte(0);
        out.writeShortLE(300);
        out.writeVarUInt(1);
        out.writeIntLE(Integer.MIN_VALUE);
        out.writeVarUInt(2);
        string(out, "a");
        out.writeIntLE(1);
        string(out, "b");
        out.writeIntLE(2);
        string(out, "zz");
        out.writeByte(0);
        string(out, "bb");
        return out;
    }

    /** The Native block of {@code rowBinary}'s rows for columns of {@code types}, as the batcher's encoder builds it. */
    private static byte[] block(List<String> types, byte[] rowBinary, int length) {
        List<String> wire = new ArrayList<>();
        List<NativeColumn> columns = new ArrayList<>();
        for (String type : types) {
            NativeLayouts.Layout layout = NativeLayouts.of(type, true);
            wire.add(layout.wireType());
            columns.add(layout.column());
        }
        NativeBlock block = new NativeBlock(NAMES, wire, columns);
        block.appendRows(rowBinary, 0, length, 3);
        RowBuffer out = new RowBuffer(256);
        block.writeTo(out);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** The test's rows as a Native block, prepared for {@code table}, said to hold {@code rows} rows. */
    private static SchemaGuard.Prepared prepareNative(Table table, int rows) {
        RowBuffer rowBinary = rows();
        byte[] nativeBlock = block(ENCODED.types(), rowBinary.array(), rowBinary.size());
        return new SchemaGuard(TABLE, table).prepare(ENCODED, BatchFormat.NATIVE, nativeBlock, nativeBlock.length, rows,
                null);
    }

    @Test
    void aNativeBatchIsConvertedColumnByColumnToTheBlockTheConvertedRowBinaryBatchMakes() {
        Table table = new Table().set("added", "String", "t", "Tuple(Int16, String)", "s", "LowCardinality(String)",
                "m", "Map(String, Int64)", "a", "Array(Nullable(Int64))", "n", "Nullable(Int64)",
                "v", "Nullable(Int64)", "id", "UInt64");
        RowBuffer rows = rows();

        SchemaGuard.Prepared asNative = prepareNative(table, 3);
        SchemaGuard.Prepared asRows = new SchemaGuard(TABLE, table).prepare(ENCODED, BatchFormat.ROW_BINARY,
                rows.array(), rows.size(), 3, null);

        assertThat(asNative.schema()).isEqualTo(asRows.schema());
        assertThat(asNative.schema().types()).containsExactly("UInt64", "Nullable(Int64)", "Nullable(Int64)",
                "Array(Nullable(Int64))", "Map(String, Int64)", "LowCardinality(String)", "Tuple(Int16, String)");
        byte[] expected = block(asRows.schema().types(), asRows.payload(), asRows.length());
        assertThat(Arrays.copyOf(asNative.payload(), asNative.length())).isEqualTo(expected);
        // the block declares the new types as a Native block names them (LowCardinality as its plain type)
        assertThat(new String(expected, StandardCharsets.ISO_8859_1)).contains("Nullable(Int64)",
                "Array(Nullable(Int64))", "Tuple(Int16, String)").doesNotContain("LowCardinality");
    }

    @Test
    void aNativeBatchWhoseColumnsKeptTheirStoredTypesIsSentAsItIs() {
        Table table = new Table().set("id", "UInt64", "v", "Int32", "n", "Nullable(Int16)", "a", "Array(Int32)",
                "m", "Map(String, Int32)", "s", "LowCardinality(String)", "t", "Tuple(Int8, String)");
        RowBuffer rows = rows();
        byte[] nativeBlock = block(ENCODED.types(), rows.array(), rows.size());

        SchemaGuard.Prepared prepared = new SchemaGuard(TABLE, table).prepare(ENCODED, BatchFormat.NATIVE, nativeBlock,
                nativeBlock.length, 3, null);

        assertThat(prepared.payload()).isSameAs(nativeBlock); // not copied
    }

    @Test
    void aNarrowedColumnRefusesANativeBatchWithTheSameReasonAsARowBinaryOne() {
        Table table = new Table().set("id", "UInt64", "v", "Int16", "n", "Nullable(Int16)", "a", "Array(Int32)",
                "m", "Map(String, Int32)", "s", "String", "t", "Tuple(Int8, String)");

        assertThatThrownBy(() -> prepareNative(table, 3))
                .isInstanceOf(SchemaChangeException.class)
                .hasMessageContaining("column `v` of t was Int32 when the batch was encoded and is Int16 now (narrowing")
                .hasMessageContaining("ALTER TABLE `t` MODIFY COLUMN `v` Int32");
    }

    @Test
    void aBlockThatDoesNotHoldTheBatchsRowsIsRefusedNotSentMisread() {
        Table table = new Table().set("id", "UInt64", "v", "Int64", "n", "Nullable(Int16)", "a", "Array(Int32)",
                "m", "Map(String, Int32)", "s", "String", "t", "Tuple(Int8, String)");

        assertThatThrownBy(() -> prepareNative(table, 2))
                .isInstanceOf(SchemaChangeException.class)
                .hasMessageContaining("does not fit the new types");
    }
}
