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

    /**
     * A narrowed column takes a batch whose every value fits the new type, converted; a batch with one value outside it
     * is refused, naming table, column, both types, the value and the fix (never wrapped into another value).
     */
    @Test
    void aNarrowedColumnTakesValuesThatFitAndRefusesABatchWithOneThatDoesNot() {
        Table table = new Table(false, "id", "UInt64", "v", "Int16");
        SchemaGuard guard = new SchemaGuard(TABLE, table);
        byte[] fitting = rows(1, -32768, 32767);

        SchemaGuard.Prepared prepared = guard.prepare(ENCODED, BatchFormat.ROW_BINARY, fitting, fitting.length, 3,
                null);
        assertThat(prepared.schema().types()).containsExactly("UInt64", "Int16");
        ByteBuffer in = ByteBuffer.wrap(prepared.payload(), 0, prepared.length()).order(ByteOrder.LITTLE_ENDIAN);
        List<Short> values = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            assertThat(in.getLong()).isEqualTo(row + 1);
            values.add(in.getShort());
        }
        assertThat(in.hasRemaining()).isFalse();
        assertThat(values).containsExactly((short) 1, (short) -32768, (short) 32767);

        byte[] outside = rows(1, 32768);
        assertThatThrownBy(() -> guard.prepare(ENCODED, BatchFormat.ROW_BINARY, outside, outside.length, 2, null))
                .isInstanceOf(SchemaChangeException.class)
                .hasMessageContaining("column `v` of t was Int32 when the batch was encoded and is Int16 now")
                .hasMessageContaining("narrowing: value 32768 does not fit Int16")
                .hasMessageContaining("ALTER TABLE `t` MODIFY COLUMN `v` Int32");
    }

    /**
     * Integers change width or signedness value by value, every value either kept exactly or refused: a record's long
     * encoded as Int64 (validation off) goes into a UInt64 column while it is not negative.
     */
    @Test
    void integersOfAnotherWidthOrSignednessAreCheckedValueByValue() throws Exception {
        assertConverts("Int64", "UInt64", le(8).putLong(42), le(8).putLong(42));
        assertConverts("UInt64", "Int64", le(8).putLong(Long.MAX_VALUE), le(8).putLong(Long.MAX_VALUE));
        assertConverts("Int64", "Int32", le(8).putLong(Integer.MIN_VALUE), le(4).putInt(Integer.MIN_VALUE));
        assertConverts("Int32", "UInt64", le(4).putInt(Integer.MAX_VALUE), le(8).putLong(Integer.MAX_VALUE));
        assertConverts("UInt32", "Int32", le(4).putInt(Integer.MAX_VALUE), le(4).putInt(Integer.MAX_VALUE));
        assertConverts("Int128", "Int8", le(16).putLong(-128).putLong(-1), le(1).put((byte) -128));
        assertConverts("Int32", "UInt8", le(4).putInt(255), le(1).put((byte) -1));
        String[][] outside = {{"Int64", "UInt64", "-1"}, {"UInt64", "Int64", "18446744073709551615"},
                {"Int64", "Int32", "2147483648"}, {"Int32", "UInt64", "-2147483648"}, {"UInt32", "Int32", "4294967295"},
                {"Int128", "Int8", "-129"}, {"Int32", "UInt8", "256"}, {"Int16", "Int8", "-129"}};
        for (String[] c : outside) {
            ValueConversion conversion = ValueConversions.plan(io.clicktype.batch.mapping.ClickHouseTypes.parse(c[0]),
                    io.clicktype.batch.mapping.ClickHouseTypes.parse(c[1]));
            byte[] value = littleEndian(new java.math.BigInteger(c[2]), c[0]);
            assertThatThrownBy(() -> conversion.convert(value, 0, new RowBuffer(16)))
                    .as(c[0] + " " + c[2] + " -> " + c[1]).isInstanceOf(ValueDoesNotFitException.class)
                    .hasMessageContaining("value " + c[2] + " does not fit " + c[1]);
        }
    }

    /**
     * Where the table's type holds less, a batch is converted as the encoder would have written it for that type:
     * a double rounded to a float, a time's extra fraction digits dropped (floor, also before 1970); a value the type
     * cannot hold at all is refused, never turned into Infinity or another second.
     */
    @Test
    void floatsAndTimesAreConvertedAsTheEncoderWritesThemForTheTablesType() throws Exception {
        assertConverts("Float64", "Float32", le(8).putDouble(0.1), le(4).putFloat(0.1f));
        assertConverts("Float64", "Float32", le(8).putDouble(Double.NaN), le(4).putFloat(Float.NaN));
        assertConverts("DateTime64(9)", "DateTime64(6)", le(8).putLong(1_714_557_600_123_456_789L),
                le(8).putLong(1_714_557_600_123_456L));
        assertConverts("DateTime64(9)", "DateTime64(3)", le(8).putLong(-1L), le(8).putLong(-1L));
        assertConverts("DateTime64(9)", "DateTime", le(8).putLong(1_714_557_600_999_999_999L),
                le(4).putInt(1_714_557_600));
        String[][] outside = {{"Float64", "Float32", "1.0E39"}, {"DateTime64(9)", "DateTime", "-1"},
                {"DateTime64(3)", "DateTime", "4294967296000"}};
        for (String[] c : outside) {
            ValueConversion conversion = ValueConversions.plan(io.clicktype.batch.mapping.ClickHouseTypes.parse(c[0]),
                    io.clicktype.batch.mapping.ClickHouseTypes.parse(c[1]));
            byte[] value = c[0].equals("Float64") ? le(8).putDouble(Double.parseDouble(c[2])).array()
                    : le(8).putLong(Long.parseLong(c[2])).array();
            assertThatThrownBy(() -> conversion.convert(value, 0, new RowBuffer(16)))
                    .as(c[0] + " " + c[2] + " -> " + c[1]).isInstanceOf(ValueDoesNotFitException.class)
                    .hasMessageContaining("does not fit");
        }
    }

    /** {@code value} as the little-endian bytes of integer type {@code type}. */
    private static byte[] littleEndian(java.math.BigInteger value, String type) {
        int width = io.clicktype.batch.mapping.ClickHouseType.integerBits(type) / 8;
        byte[] out = new byte[width];
        for (int i = 0; i < width; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    @Test
    void aDroppedColumnTheBatchWritesIsRefusedAndOneItDoesNotWriteNeedsNothing() {
        Table dropped = new Table(false, "id", "UInt64");
        assertThatThrownBy(() -> new SchemaGuard(TABLE, dropped).prepare(ENCODED, BatchFormat.ROW_BINARY, rows(1), 12, 1, null))
                .isInstanceOf(SchemaChangeException.class)
                .hasMessageContaining("column `v` (Int32) is not in t")
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

        for (String[] refused : new String[][] {{"Int64", "Float64"}, {"Nullable(Int32)", "Int32"}, {"Int32", "String"},
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
