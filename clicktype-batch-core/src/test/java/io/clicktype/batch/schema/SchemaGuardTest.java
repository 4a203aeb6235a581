package io.clicktype.batch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaGuardTest {

    private static final TableRef TABLE = TableRef.of("t");
    private static final BatchSchema ENCODED = new BatchSchema(List.of("id", "v"), List.of("UInt64", "Int32"));

    /** A table whose columns the test sets; counts how often they are read. */
    private static final class Table implements ClickHouseTransport {
        List<TableColumn> columns;
        int reads;
        final boolean typedFormat;

        Table(boolean typedFormat, String... columnsAndTypes) {
            this.typedFormat = typedFormat;
            set(columnsAndTypes);
        }

        void set(String... columnsAndTypes) {
            List<TableColumn> list = new ArrayList<>();
            for (int i = 0; i < columnsAndTypes.length; i += 2) {
                list.add(new TableColumn(columnsAndTypes[i], columnsAndTypes[i + 1], ""));
            }
            columns = list;
        }

        @Override
        public void insert(InsertRequest request) {
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            reads++;
            return columns;
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("x", Set.of(), Set.of(), null, java.util.Map.of(),
                    typedFormat ? Set.of(SchemaGuard.TYPED_FORMAT) : Set.of());
        }

        @Override
        public void close() {
        }
    }

    private static byte[] rows(int... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 12).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            out.putLong(i + 1).putInt(values[i]);
        }
        return out.array();
    }

    @Test
    void aBatchWhoseColumnsKeptTheirTypesIsSentAsItIsAndReadBeforeEachBatchWhereTheServerCannotCheckTypes() {
        Table table = new Table(false, "x", "String", "v", "Int32", "id", "UInt64");
        SchemaGuard guard = new SchemaGuard(TABLE, table);
        byte[] payload = rows(1, 2);

        SchemaGuard.Prepared first = guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 2, null);
        guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 2, null);

        assertThat(first.payload()).isSameAs(payload);
        assertThat(first.schema()).isEqualTo(ENCODED);
        assertThat(table.reads).isEqualTo(2);
    }

    @Test
    void whereTheServerChecksTypesTheTableIsReadOnceAndAgainOnlyAfterARefusal() {
        Table table = new Table(true, "id", "UInt64", "v", "Int32");
        SchemaGuard guard = new SchemaGuard(TABLE, table);
        byte[] payload = rows(1);
        guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 1, null);
        guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 1, null);
        assertThat(table.reads).isEqualTo(1);

        table.set("id", "UInt64", "v", "Int64");
        assertThat(guard.tableChanged()).isTrue();
        assertThat(guard.tableChanged()).isFalse();
    }

    /**
     * Two inserts of one table refused by one ALTER: the first one's read finds the change; the second, sent as the
     * old types, must find it too, or its batch is given up although it converts.
     */
    @Test
    void aBatchSentAsTypesTheTableNoLongerHasSeesTheChangeAnotherInsertAlreadyRead() {
        Table table = new Table(true, "id", "UInt64", "v", "Int32");
        SchemaGuard guard = new SchemaGuard(TABLE, table);
        byte[] payload = rows(1);
        SchemaGuard.Prepared sent = guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 1, null);

        table.set("id", "UInt64", "v", "Int64");
        assertThat(guard.tableChanged(sent.schema())).as("the first refused insert").isTrue();
        assertThat(guard.tableChanged(sent.schema())).as("the second, sent as Int32 too").isTrue();
        assertThat(guard.tableChanged(new BatchSchema(List.of("id", "v"), List.of("UInt64", "Int64"))))
                .as("a batch already sent as the new types").isFalse();
    }

    @Test
    void aWidenedColumnIsConvertedWithEveryValueExact() {
        Table table = new Table(false, "id", "UInt64", "v", "Nullable(Int64)");
        SchemaGuard guard = new SchemaGuard(TABLE, table);
        byte[] payload = rows(-1, Integer.MIN_VALUE, Integer.MAX_VALUE);

        SchemaGuard.Prepared prepared = guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 3, null);

        assertThat(prepared.schema().types()).containsExactly("UInt64", "Nullable(Int64)");
        ByteBuffer in = ByteBuffer.wrap(prepared.payload(), 0, prepared.length()).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> values = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            assertThat(in.getLong()).isEqualTo(row + 1);
            assertThat(in.get()).isZero();
            values.add(in.getLong());
        }
        assertThat(in.hasRemaining()).isFalse();
        assertThat(values).containsExactly(-1L, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE);
    }

    @Test
    void aNarrowedColumnIsRefusedNamingTableColumnBothTypesAndTheFix() {
        Table table = new Table(false, "id", "UInt64", "v", "Int16");
        SchemaGuard guard = new SchemaGuard(TABLE, table);
        byte[] payload = rows(1);

        assertThatThrownBy(() -> guard.prepare(ENCODED, BatchFormat.ROW_BINARY, payload, payload.length, 1, null))
                .isInstanceOf(SchemaChangeException.class)
                .hasMessageContaining("column `v` of t was Int32 when the batch was encoded and is Int16 now")
                .hasMessageContaining("narrowing")
                .hasMessageContaining("ALTER TABLE `t` MODIFY COLUMN `v` Int32");
    }

    @Test
    void aDroppedColumnTheBatchWritesIsRefusedAndOneItDoesNotWriteNeedsNothing() {
        Table dropped = new Table(false, "id", "UInt64");
        assertThatThrownBy(() -> new SchemaGuard(TABLE, dropped).prepare(ENCODED, BatchFormat.ROW_BINARY, rows(1), 12, 1, null))
                .isInstanceOf(SchemaChangeException.class)
                .hasMessageContaining("column `v` (Int32) was dropped from t")
                .hasMessageContaining("ALTER TABLE `t` ADD COLUMN `v` Int32");

        Table other = new Table(false, "v", "Int32", "id", "UInt64", "added", "String");
        byte[] payload = rows(1);
        assertThat(new SchemaGuard(TABLE, other).prepare(ENCODED, BatchFormat.ROW_BINARY, payload, 12, 1, null).payload()).isSameAs(payload);
    }

    @Test
    void conversionsKeepValuesOrAreRefused() throws Exception {
        assertConverts("Float32", "Float64", le(4).putFloat(1.1f), le(8).putDouble(1.1f));
        assertConverts("UInt32", "Int64", le(4).putInt(-1), le(8).putLong(0xFFFFFFFFL));
        assertConverts("Int16", "Float32", le(2).putShort((short) -7), le(4).putFloat(-7f));
        assertConverts("Date", "Date32", le(2).putShort((short) 40000), le(4).putInt(40000));
        assertConverts("DateTime('UTC')", "DateTime64(3, 'UTC')", le(4).putInt(1_700_000_000),
                le(8).putLong(1_700_000_000_000L));
        assertConverts("Decimal(9, 2)", "Decimal(18, 4)", le(4).putInt(-12345), le(8).putLong(-1234500));
        assertConverts("Decimal(9, 2)", "Decimal(38, 2)", le(4).putInt(-5), le(16).putLong(-5).putLong(-1));
        assertConverts("Enum8('a' = 1)", "Enum16('a' = 1, 'b' = 2)", le(1).put((byte) 1), le(2).putShort((short) 1));
        assertConverts("LowCardinality(String)", "String", le(2).put((byte) 1).put((byte) 'x'),
                le(2).put((byte) 1).put((byte) 'x'));
        assertConverts("Array(Int8)", "Array(Int32)", le(3).put((byte) 2).put((byte) -1).put((byte) 3),
                le(9).put((byte) 2).putInt(-1).putInt(3));
        assertConverts("Int32", "Nullable(Int64)", le(4).putInt(5), le(9).put((byte) 0).putLong(5));

        for (String[] refused : new String[][] {{"Int64", "Int32"}, {"Int32", "UInt64"}, {"UInt64", "Int64"},
                {"Float64", "Float32"}, {"Int64", "Float64"}, {"Nullable(Int32)", "Int32"}, {"Int32", "String"},
                {"Decimal(18, 4)", "Decimal(18, 2)"}, {"Enum8('a' = 1, 'b' = 2)", "Enum8('a' = 1)"},
                {"DateTime('UTC')", "DateTime('Europe/Berlin')"}, {"Float32", "Int64"}}) {
            assertThatThrownBy(() -> ValueConversions.plan(io.clicktype.batch.mapping.ClickHouseTypes.parse(refused[0]),
                    io.clicktype.batch.mapping.ClickHouseTypes.parse(refused[1])))
                    .as(refused[0] + " -> " + refused[1]).isInstanceOf(NotConvertibleException.class);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void assertConverts(String from, String to, ByteBuffer in, ByteBuffer expected) throws Exception {
        ValueConversion conversion = ValueConversions.plan(io.clicktype.batch.mapping.ClickHouseTypes.parse(from),
                io.clicktype.batch.mapping.ClickHouseTypes.parse(to));
        RowBuffer out = new RowBuffer(16);
        int end = conversion.convert(in.array(), 0, out);
        assertThat(end).as(from + " -> " + to + " read").isEqualTo(in.capacity());
        assertThat(java.util.Arrays.copyOf(out.array(), out.size())).as(from + " -> " + to).isEqualTo(expected.array());
    }
}
