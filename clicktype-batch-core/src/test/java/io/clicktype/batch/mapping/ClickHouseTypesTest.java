package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClickHouseTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Int64|Int64",
            "  UInt32 |UInt32",
            "BIGINT|Int64",
            "int|Int32",
            "INTEGER|Int32",
            "TINYINT|Int8",
            "SMALLINT|Int16",
            "Int8|Int8",
            "BOOLEAN|Bool",
            "bool|Bool",
            "Bool|Bool",
            "TEXT|String",
            "VARCHAR(255)|String",
            "DOUBLE|Float64",
            "DOUBLE PRECISION|Float64",
            "FLOAT|Float32",
            "Decimal(18,4)|Decimal(18, 4)",
            "Decimal( 18 , 4 )|Decimal(18, 4)",
            "DECIMAL(10)|Decimal(10, 0)",
            "Decimal32(2)|Decimal(9, 2)",
            "Decimal64(4)|Decimal(18, 4)",
            "Decimal128(10)|Decimal(38, 10)",
            "Decimal256(20)|Decimal(76, 20)",
            "DateTime(UTC)|DateTime('UTC')",
            "DateTime( 'Europe/Berlin' )|DateTime('Europe/Berlin')",
            "DateTime64(3,'UTC')|DateTime64(3, 'UTC')",
            "DateTime64(6)|DateTime64(6)",
            "Nullable(LowCardinality(String))|LowCardinality(Nullable(String))",
            "LowCardinality(Nullable(String))|LowCardinality(Nullable(String))",
            "Array( Nullable( Int32 ) )|Array(Nullable(Int32))",
            "Map(String,Array(UInt8))|Map(String, Array(UInt8))",
            "Tuple(String,UInt8)|Tuple(String, UInt8)",
            "Tuple(a String, b Nullable(UInt8))|Tuple(a String, b Nullable(UInt8))",
            "Tuple(`a b`  String)|Tuple(`a b` String)",
            "FixedString( 16 )|FixedString(16)",
            "Enum8('a'=1,'b' = 2)|Enum8('a' = 1, 'b' = 2)",
            "Enum('a' = 1, 'b' = 1000)|Enum16('a' = 1, 'b' = 1000)",
            "Enum8('it\\'s' = 1)|Enum8('it\\'s' = 1)",
            "UUID|UUID",
            "IPv6|IPv6"})
    void normalises(String input, String expected) {
        assertThat(ClickHouseTypes.normalize(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Array(", "Decimal(80, 2)", "Map(String)", "Int64)", "Nullable()", "Enum8(1)"})
    void rejectsMalformedTypes(String input) {
        assertThatThrownBy(() -> ClickHouseTypes.parse(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Nullable(Int64)|true",
            "LowCardinality(Nullable(String))|true",
            "Nullable(LowCardinality(String))|true",
            "Array(Nullable(Int64))|false",
            "String|false"})
    void knowsNullability(String type, boolean nullable) {
        assertThat(ClickHouseTypes.parse(type).isNullable()).isEqualTo(nullable);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DateTime('Europe/Berlin')|Europe/Berlin",
            "DateTime64(3, 'Asia/Tokyo')|Asia/Tokyo"})
    void readsTimezones(String type, String zone) {
        assertThat(ClickHouseTypes.parse(type).timezone()).isEqualTo(zone);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LowCardinality(String)|String|true",
            "Bool|UInt8|true",
            "DateTime('UTC')|DateTime|true",
            "DateTime64(3, 'UTC')|DateTime64(3)|true",
            "DateTime64(3)|DateTime64(6)|false",
            "UInt32|Int64|false",
            "Array(LowCardinality(String))|Array(String)|true"})
    void comparesWireLayouts(String a, String b, boolean same) {
        assertThat(TypeCompatibility.sameWire(ClickHouseTypes.parse(a), ClickHouseTypes.parse(b))).isEqualTo(same);
    }

    @ParameterizedTest(name = "{0}: {1} bits")
    @CsvSource({"Int8, 8", "UInt8, 8", "Int16, 16", "UInt32, 32", "Int64, 64", "UInt128, 128", "Int256, 256",
            "UInt256, 256", "IntervalDay, 0", "Int, 0", "Int512, 0", "UInt, 0", "Float64, 0", "Decimal, 0",
            "Interval, 0"})
    void integerBitsAreTheWidthOfAnIntegerFamilyAndZeroForAnyOther(String family, int bits) {
        assertThat(ClickHouseType.integerBits(family)).isEqualTo(bits);
    }
}
