package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.NativeLayouts;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Native block, byte for byte against the layout of ClickHouse's docs ("Native format"), built both ways: by the
 * codecs writing each column directly (rows as objects) and by moving RowBinary rows in (a write-ahead log's records).
 */
class NativeBatchEncoderTest {

    @ClickTable("t")
    record Row(int id, String name, Long maybe, List<String> tags, Map<String, Integer> attrs, Pair pair) {
    }

    record Pair(short a, String b) {
    }

    private static final List<TableColumn> TABLE = List.of(new TableColumn("id", "UInt32", ""),
            new TableColumn("name", "LowCardinality(String)", ""), new TableColumn("maybe", "Nullable(Int64)", ""),
            new TableColumn("tags", "Array(String)", ""), new TableColumn("attrs", "Map(String, Int32)", ""),
            new TableColumn("pair", "Tuple(a Int16, b String)", ""));


    private static final Row FIRST = new Row(1, "x", null, List.of("a", "bc"), Map.of("k", 7), new Pair((short) -1, ""));
    private static final Row SECOND = new Row(2, "", 5L, List.of(), Map.of(), new Pair((short) 2, "z"));

    @Test
    void aBlockIsColumnsAfterEachOtherWithNullMapsOffsetsAndTupleElementsAsClickHouseReadsThem() {
        RowBuffer payload = new RowBuffer(16);
        BatchEncoder<Row> encoder = nativeEncoder();
        encoder.encode(FIRST, payload);
        encoder.encode(SECOND, payload);
        encoder.seal(payload, Integer.MAX_VALUE, 1024);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        bytes(expected, 6, 2);                                   // columns, rows
        header(expected, "id", "UInt32");
        bytes(expected, 1, 0, 0, 0, 2, 0, 0, 0);
        header(expected, "name", "String");                      // LowCardinality sent as its plain type
        bytes(expected, 1, 'x', 0);
        header(expected, "maybe", "Nullable(Int64)");
        bytes(expected, 1, 0);                                   // null map
        bytes(expected, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0); // a default for the NULL, then 5
        header(expected, "tags", "Array(String)");
        bytes(expected, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0); // cumulative end offsets: 2, 2
        bytes(expected, 1, 'a', 2, 'b', 'c');
        header(expected, "attrs", "Map(String, Int32)");
        bytes(expected, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0); // offsets 1, 1
        bytes(expected, 1, 'k');                                 // the keys' column
        bytes(expected, 7, 0, 0, 0);                             // the values' column
        header(expected, "pair", "Tuple(a Int16, b String)");
        bytes(expected, 0xFF, 0xFF, 2, 0);                       // element a of both rows
        bytes(expected, 0, 1, 'z');                              // then element b
        assertThat(Arrays.copyOf(payload.array(), payload.size())).isEqualTo(expected.toByteArray());
        assertThat(encoder.format()).isEqualTo(BatchFormat.NATIVE);
    }

    @Test
    void rowsMovedInFromRowBinaryRecordsMakeTheSameBlockAsRowsEncodedIntoTheColumns() {
        RowMapping<Row> mapping = RowMappings.create(Row.class, TABLE);
        RowBuffer direct = new RowBuffer(16);
        BatchEncoder<Row> columns = nativeEncoder();
        columns.encode(FIRST, direct);
        columns.encode(SECOND, direct);
        columns.seal(direct, Integer.MAX_VALUE, 1024);

        BatchEncoder<Row> fromLog = nativeEncoder();
        RowBuffer moved = new RowBuffer(16);
        RowBuffer record = fromLog.recordBuffer(moved);
        mapping.encoder().encode(FIRST, record);
        mapping.encoder().encode(SECOND, record);
        fromLog.recordRead(moved, 2);
        fromLog.seal(moved, Integer.MAX_VALUE, 1024);

        assertThat(Arrays.copyOf(moved.array(), moved.size())).isEqualTo(Arrays.copyOf(direct.array(), direct.size()));
    }

    @Test
    void aRowThatFailsLeavesNothingInAnyColumnAndTheBlockGoesOn() {
        BatchEncoder<Row> encoder = nativeEncoder();
        RowBuffer payload = new RowBuffer(16);
        encoder.encode(FIRST, payload);
        Row bad = new Row(3, "y", 1L, Arrays.asList("ok", null), Map.of(), new Pair((short) 0, "b"));
        assertThatThrownBy(() -> encoder.encode(bad, payload)).isInstanceOf(RowRejectedException.class)
                .hasMessageContaining("tags");
        encoder.encode(SECOND, payload);
        encoder.seal(payload, Integer.MAX_VALUE, 1024);

        BatchEncoder<Row> clean = nativeEncoder();
        RowBuffer expected = new RowBuffer(16);
        clean.encode(FIRST, expected);
        clean.encode(SECOND, expected);
        clean.seal(expected, Integer.MAX_VALUE, 1024);
        assertThat(Arrays.copyOf(payload.array(), payload.size()))
                .isEqualTo(Arrays.copyOf(expected.array(), expected.size()));
    }

    @Test
    void aSealedBlockStartsTheNextEmptyAndItsSizeAndHeldBytesAreCounted() {
        BatchEncoder<Row> encoder = nativeEncoder();
        RowBuffer payload = new RowBuffer(16);
        for (int i = 0; i < 1000; i++) {
            encoder.encode(FIRST, payload);
        }
        assertThat(encoder.size(payload)).isGreaterThan(1000L * 20);
        assertThat(encoder.heldBytes()).isGreaterThanOrEqualTo(encoder.size(payload) - 1000L * 30);
        encoder.seal(payload, Integer.MAX_VALUE, 1024);
        int first = payload.size();
        encoder.seal(payload, Integer.MAX_VALUE, 1024);
        assertThat(first).isGreaterThan(1000 * 20);
        assertThat(payload.size()).as("an empty block writes nothing").isZero();
        assertThat(encoder.size(payload)).isZero();
    }

    @ClickTable("wide")
    record Wide(String note, Long amount, long[] counts, List<String> labels, List<String> maybeLabels, String tail) {
    }

    private static final List<TableColumn> WIDE = List.of(new TableColumn("note", "Nullable(String)", ""),
            new TableColumn("amount", "Nullable(Int64)", ""), new TableColumn("counts", "Array(UInt64)", ""),
            new TableColumn("labels", "Array(LowCardinality(String))", ""),
            new TableColumn("maybe_labels", "Array(Nullable(String))", ""),
            new TableColumn("tail", "LowCardinality(Nullable(String))", ""));

    private static Wide wide(int i) {
        return new Wide(i % 3 == 0 ? null : "note " + i, i % 4 == 0 ? null : (long) i * 1_000_003,
                new long[i % 5], List.of("x".repeat(i % 200)), Arrays.asList(i % 2 == 0 ? null : "m" + i, "n"),
                i % 7 == 0 ? null : "é".repeat(i % 90));
    }

    @Test
    void nullableAndArrayValuesWrittenInPlaceMakeTheSameBlockAsRowsMovedInAcrossManyRowsAndAFailedRow() {
        RowMapping<Wide> mapping = RowMappings.create(Wide.class, WIDE);
        BatchEncoder<Wide> direct = nativeEncoder(Wide.class, WIDE);
        BatchEncoder<Wide> fromLog = nativeEncoder(Wide.class, WIDE);
        RowBuffer payload = new RowBuffer(16);
        RowBuffer moved = new RowBuffer(16);
        for (int batch = 0; batch < 2; batch++) {
            RowBuffer record = fromLog.recordBuffer(moved);
            for (int i = 0; i < 700; i++) {
                direct.encode(wide(i), payload);
                mapping.encoder().encode(wide(i), record);
                if (i == 300 + batch) {
                    // fails in its fourth column, after three settling columns were written and the fourth in part
                    Wide bad = new Wide("bad", 1L, new long[] {1, 2}, Arrays.asList("ok", null), List.of(), "t");
                    assertThatThrownBy(() -> direct.encode(bad, payload)).isInstanceOf(RowRejectedException.class)
                            .hasMessageContaining("labels");
                }
            }
            fromLog.recordRead(moved, 700);
            direct.seal(payload, Integer.MAX_VALUE, 1024);
            fromLog.seal(moved, Integer.MAX_VALUE, 1024);
            assertThat(Arrays.copyOf(payload.array(), payload.size()))
                    .isEqualTo(Arrays.copyOf(moved.array(), moved.size()));
        }
    }

    /** The encoder the start-up builds for the table on a server that converts Native types (FormatChoiceTest). */
    private static BatchEncoder<Row> nativeEncoder() {
        return nativeEncoder(Row.class, TABLE);
    }

    private static <T> BatchEncoder<T> nativeEncoder(Class<T> type, List<TableColumn> table) {
        RowMapping<T> mapping = RowMappings.create(type, table);
        List<String> wireTypes = new java.util.ArrayList<>();
        List<NativeColumn> columns = new java.util.ArrayList<>();
        for (String columnType : mapping.columnTypes()) {
            NativeLayouts.Layout layout = NativeLayouts.of(columnType, true);
            wireTypes.add(layout.wireType());
            columns.add(layout.column());
        }
        return new NativeBatchEncoder<>(mapping.encoder(), new NativeBlock(mapping.encoder().columnNames(), wireTypes,
                columns));
    }

    private static void header(ByteArrayOutputStream out, String name, String type) {
        out.write(name.length());
        out.writeBytes(name.getBytes());
        out.write(type.length());
        out.writeBytes(type.getBytes());
    }

    private static void bytes(ByteArrayOutputStream out, int... values) {
        for (int value : values) {
            out.write(value);
        }
    }
}
