package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.encoding.NullableForm;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fixes that messages suggest exist: Nullable only where ClickHouse has it, real Java types, no dead ends. */
class AdviceTest {

    @ClickTable("t") record Ints(List<Integer> v) { }
    @ClickTable("t") record Str(String v) { }
    @ClickTable("t") record BLong(Long v) { }
    @ClickTable("t") record At(Instant v) { }
    @ClickTable("t") record PLong(long v) { }

    private static List<String> mismatches(Class<?> type, String column, Set<String> families) {
        return RowMappings.create(type, List.of(new TableColumn("v", column, "")), families).mismatches();
    }

    @Test
    void nullableFormsAreOnlyThoseClickHouseAccepts() {
        assertThat(NullableForm.of("Int32")).isEqualTo("Nullable(Int32)");
        assertThat(NullableForm.of("LowCardinality(String)")).isEqualTo("LowCardinality(Nullable(String))");
        assertThat(NullableForm.of("Nullable(String)")).isEqualTo("Nullable(String)");
        assertThat(NullableForm.of("Array(Int32)")).isNull();
        assertThat(NullableForm.of("Map(String, Int64)")).isNull();
        assertThat(NullableForm.of("Tuple(Int32, String)")).isNull();
        assertThat(NullableForm.of("SimpleAggregateFunction(sum, UInt64)")).isNull();
    }

    @Test
    void aNullListForAnArrayColumnSaysToSendAnEmptyOneNotToMakeItNullable() {
        RowMapping<Ints> mapping = RowMappings.create(Ints.class, List.of(new TableColumn("v", "Array(Int32)", "")));

        assertThatThrownBy(() -> mapping.encoder().validate(new Ints(null))).isInstanceOf(RowRejectedException.class)
                .hasMessageEndingWith("null is not allowed in Array(Int32); ClickHouse has no Nullable Array; send an "
                        + "empty collection (or array) instead of null")
                .hasMessageNotContaining("Nullable(Array");
    }

    @Test
    void aNullForLowCardinalitySuggestsLowCardinalityOfNullable() {
        RowMapping<Str> mapping = RowMappings.create(Str.class,
                List.of(new TableColumn("v", "LowCardinality(String)", "")));

        assertThatThrownBy(() -> mapping.encoder().validate(new Str(null)))
                .hasMessageContaining("make the column LowCardinality(Nullable(String))");
        assertThat(mismatches(BLong.class, "Array(Int64)", null)).anySatisfy(line -> assertThat(line)
                .contains("ClickHouse has no Nullable Array, so null cannot be stored").doesNotContain("Nullable(Array"));
    }

    @ClickTable("t") record Pair(int a, String b) { }
    @ClickTable("t") record Tup(Pair v) { }
    @ClickTable("t") record Dict(java.util.Map<String, Long> v) { }

    @Test
    void aNullInsideAContainerNamesTheContainerTypeThatWouldAllowIt() {
        RowMapping<Ints> ints = RowMappings.create(Ints.class, List.of(new TableColumn("v", "Array(Int32)", "")));
        assertThatThrownBy(() -> ints.encoder().validate(new Ints(java.util.Arrays.asList(1, null))))
                .hasMessageEndingWith("a null element is not allowed in Array(Int32); leave it out or make that type "
                        + "Array(Nullable(Int32))");
        RowMapping<Tup> tuple = RowMappings.create(Tup.class,
                List.of(new TableColumn("v", "Tuple(Int32, String)", "")));
        assertThatThrownBy(() -> tuple.encoder().validate(new Tup(new Pair(1, null))))
                .hasMessageEndingWith("a null element 2 (`b`) is not allowed in Tuple(Int32, String); leave it out or "
                        + "make that type Tuple(Int32, Nullable(String))");
        java.util.Map<String, Long> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1L);
        RowMapping<Dict> map = RowMappings.create(Dict.class, List.of(new TableColumn("v", "Map(String, Int64)", "")));
        assertThatThrownBy(() -> map.encoder().validate(new Dict(nullKey)))
                .hasMessageEndingWith("a null key is not allowed in Map(String, Int64); leave it out");
    }

    @Test
    void typesTheBatcherCannotWriteSaySoPlainly() {
        assertThat(mismatches(Str.class, "Geometry", null)).containsExactly("Column `v` of table `t` is Geometry in "
                + "ClickHouse, and clicktype-batch does not support the ClickHouse type Geometry yet; insert the value "
                + "into a String column (`String` as text) and convert it in ClickHouse with a materialized view or a "
                + "MATERIALIZED column, or mark `Str.v` @ClickIgnore");
        assertThat(mismatches(PLong.class, "AggregateFunction(sum, UInt64)", null)).singleElement()
                .asString().contains("does not support the ClickHouse type AggregateFunction;",
                        "let a materialized view aggregate them into `t`", "-State functions such as sumState");
        assertThat(mismatches(Ints.class, "Array(QBit(Float32, 8))", null)).singleElement().asString()
                .contains("does not support the ClickHouse type QBit yet");
        assertThat(mismatches(Str.class, "Object('json')", null)).singleElement().asString()
                .contains("the deprecated JSON type", "use a column of the JSON type instead");
    }

    @Test
    void simpleAggregateFunctionIsWrittenAsItsType() {
        assertThat(mismatches(PLong.class, "SimpleAggregateFunction(sum, UInt64)", null)).isEmpty();
        assertThat(mismatches(Str.class, "SimpleAggregateFunction(anyLast, Nullable(String))", null)).isEmpty();
        assertThat(mismatches(PLong.class, "SimpleAggregateFunction(anyLast, Nullable(Int64))", null)).singleElement()
                .asString().contains("which cannot be null; declare it `Long`");
    }

    @ClickTable("t") record PinnedTime(@io.clicktype.batch.ClickColumn(type = "Time") java.time.LocalTime v) { }

    @Test
    void aPinOfATypeTheServerLacksIsRefusedAtStart() {
        Set<String> old = Set.of("Int32", "Int64", "String", "DateTime");
        assertThatThrownBy(() -> RowMappings.create(PinnedTime.class, null, old))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column `v` of table `t`: `PinnedTime.v` pins @ClickColumn(type = \"Time\") but this "
                        + "ClickHouse server has no type Time (system.data_type_families); pin a type the server has (or "
                        + "remove the pin), or upgrade the server");
        assertThat(RowMappings.create(PinnedTime.class, null, Set.of("Time")).mismatches()).isEmpty();
    }

    @Test
    void declaredTypesAreRealJavaTypes() {
        assertThat(mismatches(PLong.class, "Tuple(Int32, Nullable(String))", null)).singleElement().asString()
                .contains("declare it `R`, where `R` is a record of 2 components `int`, `String`");
        assertThat(mismatches(PLong.class, "Array(Tuple(UInt8, Array(Tuple(Int64, String))))", null)).singleElement()
                .asString().contains("declare it `List<R>`, where `R` is a record of 2 components `short`, `List<R2>` "
                        + "and `R2` is a record of 2 components `long`, `String`");
        assertThat(mismatches(PLong.class, "Enum8('a' = 1)", null)).singleElement().asString()
                .contains("declare it `String` (or a Java enum with the same constant names)");
    }

    @ClickTable("t") record PinnedNanos(@io.clicktype.batch.ClickColumn(type = "DateTime64(9)") Instant v) { }

    @Test
    void aPinIsNeitherAdvisedAgainstAnUnwritableColumnNorOfferedToAServerWithoutItsType() {
        assertThat(mismatches(PinnedNanos.class, "Geometry", null)).singleElement().asString()
                .contains("does not support the ClickHouse type Geometry yet").doesNotContain("pin \"Geometry\"");
        assertThat(mismatches(PinnedNanos.class, "DateTime", Set.of("DateTime", "Int32"))).singleElement().asString()
                .endsWith("so pin \"DateTime\" (or remove the pin)");
        assertThat(mismatches(PinnedNanos.class, "DateTime", null)).singleElement().asString()
                .endsWith("or change the column to DateTime64(9)");
    }

    @Test
    void aSuggestedColumnTypeIsOneTheServerHas() {
        Set<String> old = Set.of("Int32", "Int64", "UInt8", "DateTime", "String", "Nullable", "Array", "Tuple", "Enum8");

        assertThat(mismatches(At.class, "Int32", old)).singleElement().asString()
                .endsWith("or change the column to DateTime");
        assertThat(mismatches(At.class, "Int32", null)).singleElement().asString()
                .endsWith("or change the column to DateTime64(3)");
        assertThat(mismatches(Ints.class, "Map(String, Int64)", old)).singleElement().asString()
                .endsWith("or change the column to Array(Int32)");
    }
}
