package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickColumn;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.SchemaMismatchException;
import io.clicktype.batch.TableColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema mismatch lines, verbatim: users read (and grep) these. */
class SchemaMismatchTest {

    @ClickTable("events")
    record PageView(long id, Instant ts, double price, Long userId, long referrerId, String url) {
    }

    private static final List<TableColumn> MATCHING = List.of(
            new TableColumn("id", "UInt64", ""), new TableColumn("ts", "DateTime64(3)", ""),
            new TableColumn("price", "Float64", ""), new TableColumn("user_id", "Nullable(UInt64)", ""),
            new TableColumn("referrer_id", "UInt64", ""), new TableColumn("url", "String", ""));

    private static List<TableColumn> with(TableColumn replacement) {
        return MATCHING.stream().map(c -> c.name().equals(replacement.name()) ? replacement : c).toList();
    }

    @Test
    void matchingTableHasNoMismatch() {
        assertThat(RowMappings.create(PageView.class, MATCHING).mismatches()).isEmpty();
    }

    @Test
    void missingColumn() {
        List<TableColumn> live = MATCHING.stream().filter(c -> !c.name().equals("url")).toList();
        assertThat(RowMappings.create(PageView.class, live).mismatches()).containsExactly(
                "Column `url` of `PageView.url` does not exist in table `events`; add the column, map the component to "
                        + "an existing column with @ClickColumn(name = \"...\"), or mark it @ClickIgnore");
    }

    @Test
    void wrongType() {
        RowMapping<PageView> mapping = RowMappings.create(PageView.class, with(new TableColumn("price", "Decimal(18,4)", "")));
        assertThat(mapping.mismatches()).containsExactly(
                "Column `price` of table `events` is Decimal(18, 4) in ClickHouse but `PageView.price` is `double`; "
                        + "declare it `BigDecimal` or change the column to Float64");
        // in WARN mode the encoder refuses such rows instead of writing bytes the server would misread
        assertThatThrownBy(() -> mapping.encoder().validate(new PageView(1, Instant.EPOCH, 1.5, 1L, 2, "u")))
                .isInstanceOf(RowRejectedException.class).hasMessageContaining("declare it `BigDecimal`");
    }

    @Test
    void nullableJavaIntoNonNullableColumn() {
        assertThat(RowMappings.create(PageView.class, with(new TableColumn("user_id", "UInt64", ""))).mismatches())
                .containsExactly("Column `user_id` of table `events` is UInt64 in ClickHouse but `PageView.userId` is "
                        + "`Long`, which may be null; declare it `long` or make the column Nullable(UInt64)");
    }

    @Test
    void primitiveJavaIntoNullableColumn() {
        assertThat(RowMappings.create(PageView.class, with(new TableColumn("referrer_id", "Nullable(UInt64)", "")))
                .mismatches()).containsExactly("Column `referrer_id` of table `events` is Nullable(UInt64) in ClickHouse "
                + "but `PageView.referrerId` is `long`, which cannot be null; declare it `Long` or make the column "
                + "non-Nullable");
    }

    @Test
    void extraTableColumnWithoutDefault() {
        List<TableColumn> live = new java.util.ArrayList<>(MATCHING);
        live.add(new TableColumn("session_id", "String", ""));
        live.add(new TableColumn("created", "DateTime", "DEFAULT"));
        live.add(new TableColumn("day", "Date", "MATERIALIZED"));
        assertThat(RowMappings.create(PageView.class, live).mismatches()).containsExactly(
                "Column `session_id` (String) of table `events` has no explicit DEFAULT (or MATERIALIZED, ALIAS, "
                        + "EPHEMERAL) expression and `PageView` does not map it, so every row would store the type's "
                        + "zero value there; add a component for it, or give the column an explicit default: "
                        + "ALTER TABLE `events` MODIFY COLUMN `session_id` String DEFAULT <expression>");
    }

    @ClickTable("events")
    record WithMaterialized(long id, java.time.LocalDate day) {
    }

    @Test
    void materializedColumnCannotBeInserted() {
        RowMapping<WithMaterialized> mapping = RowMappings.create(WithMaterialized.class, List.of(
                new TableColumn("id", "Int64", ""), new TableColumn("day", "Date", "MATERIALIZED")));
        assertThat(mapping.mismatches()).containsExactly("Column `day` of table `events` is MATERIALIZED and cannot be "
                + "inserted; mark `WithMaterialized.day` @ClickIgnore");
        assertThat(mapping.encoder().columnNames()).containsExactly("id");
    }

    @ClickTable("events")
    record Pinned(@ClickColumn(type = "Int64") long id, @ClickColumn(type = "String") String name,
                  @ClickColumn(type = "DateTime64(3, 'Europe/Berlin')") Instant ts) {
    }

    @Test
    void pinMustHaveTheLiveColumnsLayout() {
        assertThat(RowMappings.create(Pinned.class, List.of(new TableColumn("id", "UInt32", ""),
                new TableColumn("name", "LowCardinality(String)", ""), new TableColumn("ts", "DateTime64(3)", "")))
                .mismatches()).containsExactly("Column `id` of table `events` is UInt32 in ClickHouse but `Pinned.id` "
                + "pins @ClickColumn(type = \"Int64\"); RowBinary is read as the table's type, so pin \"UInt32\" (or "
                + "remove the pin) or change the column to Int64");
    }

    /**
     * A column widened by an ALTER under a pinned record: the advice is to follow it (pin the new type or none), never
     * to narrow the column back, which its rows may not survive.
     */
    @Test
    void aPinnedColumnThatWasWidenedIsNotAdvisedToBeNarrowedBack() {
        assertThat(RowMappings.create(Pinned.class, List.of(new TableColumn("id", "Int128", ""),
                new TableColumn("name", "String", ""), new TableColumn("ts", "DateTime64(6)", ""))).mismatches())
                .containsExactly("Column `id` of table `events` is Int128 in ClickHouse but `Pinned.id` pins "
                        + "@ClickColumn(type = \"Int64\"); RowBinary is read as the table's type, so pin \"Int128\" "
                        + "(or remove the pin)", "Column `ts` of table `events` is DateTime64(6) in ClickHouse but "
                        + "`Pinned.ts` pins @ClickColumn(type = \"DateTime64(3, 'Europe/Berlin')\"); RowBinary is read "
                        + "as the table's type, so pin \"DateTime64(6)\" (or remove the pin)");
    }

    @Test
    void narrowingIsToldApartFromWideningForTheTypesColumnsAreWidenedBetween() {
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("UInt64"), ClickHouseTypes.parse("UInt32"))).isTrue();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("UInt32"), ClickHouseTypes.parse("Int64"))).isFalse();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("UInt32"), ClickHouseTypes.parse("Int32"))).isTrue();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("Int8"), ClickHouseTypes.parse("UInt64"))).isTrue();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("Int32"), ClickHouseTypes.parse("Int64"))).isFalse();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("Float64"), ClickHouseTypes.parse("Float32"))).isTrue();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("DateTime64(6)"), ClickHouseTypes.parse("DateTime64(3)")))
                .isTrue();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("Decimal(18, 4)"), ClickHouseTypes.parse("Decimal(18, 2)")))
                .isTrue();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("Decimal(10, 2)"), ClickHouseTypes.parse("Decimal(18, 2)")))
                .isFalse();
        assertThat(Mismatches.narrows(ClickHouseTypes.parse("Nullable(Int64)"), ClickHouseTypes.parse("Nullable(Int32)")))
                .isTrue();
    }

    @Test
    void everyMismatchGoesIntoTheException() {
        List<TableColumn> live = List.of(new TableColumn("id", "UInt64", ""), new TableColumn("ts", "DateTime64(3)", ""),
                new TableColumn("price", "Decimal(18, 4)", ""), new TableColumn("user_id", "UInt64", ""),
                new TableColumn("referrer_id", "UInt64", ""), new TableColumn("extra", "String", ""));
        List<String> mismatches = RowMappings.create(PageView.class, live).mismatches();
        assertThat(mismatches).hasSize(4);
        assertThat(new SchemaMismatchException("events", mismatches).getMessage())
                .startsWith("Row type does not match table events (4 mismatches):\n  - Column `price`");
    }

    @ClickTable("t")
    record Money(BigDecimal amount) {
    }

    @Test
    void bigDecimalNeedsAPinOrALiveColumn() {
        assertThatThrownBy(() -> RowMappings.create(Money.class, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column `amount` of table `t`: `Money.amount` cannot be mapped: BigDecimal has no default "
                        + "ClickHouse type; pin its precision and scale with @ClickColumn(type = \"Decimal(P, S)\") or let "
                        + "the live table decide");
        assertThat(RowMappings.create(Money.class, List.of(new TableColumn("amount", "Decimal(18, 4)", ""))).mismatches())
                .isEmpty();
    }

    @Test
    void unparsableLiveTypesBecomeMismatchesNotCrashes() {
        List<TableColumn> live = new java.util.ArrayList<>(with(new TableColumn("url", "Weird(`x y` String", "")));
        live.add(new TableColumn("odd", "Tuple(`a b` String)", ""));
        List<String> mismatches = RowMappings.create(PageView.class, live).mismatches();
        assertThat(mismatches).hasSize(2);
        assertThat(mismatches.get(0)).startsWith("Column `url` of table `events` is Weird(`x y` String in ClickHouse, a "
                + "type clicktype-batch does not support yet (cannot parse ClickHouse type 'Weird(`x y` String'")
                .endsWith("or mark `PageView.url` @ClickIgnore");
        assertThat(mismatches.get(1)).isEqualTo("Column `odd` (Tuple(`a b` String)) of table `events` has no explicit "
                + "DEFAULT (or MATERIALIZED, ALIAS, EPHEMERAL) expression and `PageView` does not map it, so every row "
                + "would store the type's zero value there; add a component for it, or give the column an explicit "
                + "default: ALTER TABLE `events` MODIFY COLUMN `odd` Tuple(`a b` String) DEFAULT <expression>");
    }
}
