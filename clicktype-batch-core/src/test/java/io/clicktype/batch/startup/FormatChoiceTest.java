package io.clicktype.batch.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.spi.ServerInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatChoiceTest {

    @ClickTable("t")
    record Row(long id, String name) {
    }

    @ClickTable("d")
    record Doc(long id, Object doc) {
    }

    private static final ServerInfo MODERN = new ServerInfo("26.7", Set.of(ServerInfo.NATIVE_TYPES_CONVERSION),
            Set.of());
    private static final ServerInfo OLD = new ServerInfo("18.16.1", Set.of(), Set.of());

    private static RowMapping<Row> row(String nameType) {
        return RowMappings.create(Row.class, List.of(new TableColumn("id", "Int64", ""),
                new TableColumn("name", nameType, "")));
    }

    @Test
    void autoIsNativeWhereTheServerConvertsNativeTypesAndRowBinaryElsewhere() {
        assertThat(FormatChoice.encoder(row("String"), BatchFormat.AUTO, MODERN).format()).isEqualTo(BatchFormat.NATIVE);
        assertThat(FormatChoice.encoder(row("String"), BatchFormat.AUTO, OLD).format())
                .isEqualTo(BatchFormat.ROW_BINARY);
        assertThat(FormatChoice.encoder(row("String"), BatchFormat.AUTO, null).format())
                .as("server unknown").isEqualTo(BatchFormat.ROW_BINARY);
    }

    @Test
    void nativeIsWhatWasAskedForUnlessTheServerDoesNotCheckNativeTypesOrAColumnHasNoNativeForm() {
        assertThat(FormatChoice.encoder(row("LowCardinality(String)"), BatchFormat.NATIVE, MODERN).format())
                .isEqualTo(BatchFormat.NATIVE);
        assertThat(FormatChoice.encoder(row("String"), BatchFormat.NATIVE, OLD).format())
                .as("18.16 stores a Native column of another type unchecked").isEqualTo(BatchFormat.ROW_BINARY);
        RowMapping<Doc> json = RowMappings.create(Doc.class, List.of(new TableColumn("id", "Int64", ""),
                new TableColumn("doc", "Variant(String, Int64)", "")));
        assertThat(FormatChoice.encoder(json, BatchFormat.NATIVE, MODERN).format()).isEqualTo(BatchFormat.ROW_BINARY);
    }

    @Test
    void rowBinaryIsAlwaysRowBinaryAndUnknownColumnTypesMeanRowBinary() {
        assertThat(FormatChoice.encoder(row("String"), BatchFormat.ROW_BINARY, MODERN).format())
                .isEqualTo(BatchFormat.ROW_BINARY);
        RowMapping<Row> refusing = row("AggregateFunction(uniq, String)");
        assertThat(refusing.columnTypes()).as("a column that refuses every row").isNull();
        assertThat(FormatChoice.encoder(refusing, BatchFormat.NATIVE, MODERN).format())
                .isEqualTo(BatchFormat.ROW_BINARY);
    }

    /**
     * Without a table read (validation OFF) the types are the ones the rows are written as, the Java defaults here:
     * known, so a batch can be checked against the table before it is sent, and be a Native block naming them.
     */
    @Test
    void withoutATableReadTheTypesAreThoseTheRowsAreWrittenAs() {
        RowMapping<Row> unread = RowMappings.create(Row.class, null);
        assertThat(unread.columnTypes()).containsExactly("Int64", "String");
        RowMapping<Row> missingColumn = RowMappings.create(Row.class, List.of(new TableColumn("id", "UInt32", "")));
        assertThat(missingColumn.columnTypes()).as("validation WARN: a column the table lacks")
                .containsExactly("UInt32", "String");
        assertThat(FormatChoice.encoder(unread, BatchFormat.NATIVE, MODERN).format()).isEqualTo(BatchFormat.NATIVE);
    }
}
