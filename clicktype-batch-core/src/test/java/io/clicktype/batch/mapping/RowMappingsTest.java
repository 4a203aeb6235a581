package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickColumn;
import io.clicktype.batch.ClickIgnore;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowMappingsTest {

    @ClickTable(value = "events", database = "analytics")
    record Event(long id, String name, @ClickColumn(type = "UInt32") long userId, Instant ts,
                 @ClickIgnore String scratch, @ClickColumn(name = "n") Integer count) {
    }

    static final class Plain {
        private long id = 7;
        private String label = "x";
        private transient int skipped;
        static int alsoSkipped;

        public long getId() {
            return id;
        }
    }

    @ClickTable("plain")
    static final class PlainRow {
        private final int a;
        private final boolean flag;

        PlainRow(int a, boolean flag) {
            this.a = a;
            this.flag = flag;
        }
    }

    record NotAnnotated(long id) {
    }

    @ClickTable(value = "camel", naming = io.clicktype.batch.ColumnNamingStrategy.AS_IS)
    record Camel(long userId, @ClickColumn(name = "ts_utc") long eventTime) {
    }

    @Test
    void namingCanBeKeptAsIsPerTable() {
        assertThat(RowMappings.create(Camel.class, null).encoder().columnNames()).containsExactly("userId", "ts_utc");
    }

    @Test
    void tableOfReadsTheAnnotation() {
        assertThat(RowMappings.tableOf(Event.class)).isEqualTo(new TableRef("analytics", "events"));
        assertThatThrownBy(() -> RowMappings.tableOf(NotAnnotated.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@ClickTable");
    }

    @Test
    void mapsRecordWithJavaDefaultsAndPins() {
        RowMapping<Event> mapping = RowMappings.create(Event.class, null);
        assertThat(mapping.mismatches()).isEmpty();
        assertThat(mapping.encoder().columnNames()).containsExactly("id", "name", "user_id", "ts", "n");
        RowBuffer out = new RowBuffer(16);
        mapping.encoder().encode(new Event(1, "ab", 5, Instant.ofEpochMilli(1234), "zz", null), out);
        byte[] bytes = Arrays.copyOf(out.array(), out.size());
        // without a table a time is written with nine fraction digits (converted to the column's precision before
        // it is sent), so 1 234 ms are 1 234 000 000 ns
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "0100000000000000" + "02" + "6162" + "05000000" + "80588d4900000000" + "01");
        assertThat(mapping.columnTypes()).contains("DateTime64(9)");
    }

    @Test
    void mapsPlainClassFields() {
        RowMapping<PlainRow> mapping = RowMappings.create(PlainRow.class, null);
        assertThat(mapping.encoder().columnNames()).containsExactly("a", "flag");
        RowBuffer out = new RowBuffer(0);
        mapping.encoder().encode(new PlainRow(-1, true), out);
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(out.array(), out.size()))).isEqualTo("ffffffff01");
    }

    @Test
    void rejectsOutOfRangeWithTableColumnAndTypes() {
        RowMapping<Event> mapping = RowMappings.create(Event.class, null);
        Event bad = new Event(1, "a", -1, Instant.EPOCH, null, 1);
        assertThatThrownBy(() -> mapping.encoder().validate(bad))
                .isInstanceOf(RowRejectedException.class)
                .hasMessage("Row rejected by table `analytics.events`: column `user_id` is UInt32 in ClickHouse, "
                        + "Java `long`: value -1 is outside the UInt32 range [0, 4294967295]")
                .satisfies(e -> assertThat(((RowRejectedException) e).column()).isEqualTo("user_id"));
    }

    @Test
    void usesLiveTypes() {
        List<TableColumn> live = List.of(new TableColumn("id", "UInt64", ""), new TableColumn("name", "LowCardinality(String)", ""),
                new TableColumn("user_id", "UInt32", ""), new TableColumn("ts", "DateTime", ""),
                new TableColumn("n", "Nullable(Int32)", ""));
        RowMapping<Event> mapping = RowMappings.create(Event.class, live);
        assertThat(mapping.mismatches()).isEmpty();
        RowBuffer out = new RowBuffer(16);
        mapping.encoder().encode(new Event(1, "ab", 5, Instant.ofEpochSecond(3), "zz", 2), out);
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(out.array(), out.size()))).isEqualTo(
                "0100000000000000" + "02" + "6162" + "05000000" + "03000000" + "0002000000");
    }
}
