package io.clicktype.batch.encoding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values at a typed JSON path, by the path's type, as JSON text: what ClickHouse 26.7 converts ({@link #ACCEPTED})
 * and what it refuses ({@link #REFUSED}), measured by RowBinary inserts with
 * {@code input_format_binary_read_json_as_string=1}. {@code JsonTypedPathsTest} checks the batcher agrees;
 * {@code JsonTypedPathsIT} checks the server still does.
 */
final class JsonPathCases {

    /** Values the server converts, by the path's type. */
    static final Map<String, List<String>> ACCEPTED = ordered(
            "UInt8", List.of("0", "255", "1.5", "255.0", "1e2", "-0", "true", "null", "\"5\"", "\"+5\"", "\"1.5\"",
                    "\"1e2\"", "\"00012\"", "\"-0\"", "\"0.5\"", "\"nan\"", "\"255\""),
            "Int8", List.of("-128", "127", "-0.9", "-128.0", "\"-0.5\"", "\".5\"", "\"1.\"", "\"1e-2\"", "\"+.5\"",
                    "\"-NaN\"", "\"1.e1\""),
            "Int64", List.of("9223372036854775807", "-9223372036854775808", "9223372036854774784.0",
                    "-9223372036854775808.0", "\"9223372036854775807\"", "\"-9223372036854775808\""),
            "UInt64", List.of("18446744073709551615", "1e19", "18446744073709549568.0", "\"18446744073709551615\""),
            "UInt32", List.of("4294967295", "4294967295.0", "0.9", "\"4294967295\""),
            "Int16", List.of("-32768", "32767", "-32768.0", "\"-32768\""),
            "Int32", List.of("2147483647", "-2147483648", "-2147483648.0", "\"2147483647\""),
            "UInt16", List.of("65535", "65535.0", "\"65535\""),
            "Bool", List.of("true", "2", "1.5", "\"2\"", "null"),
            "Float64", List.of("1e308", "\"inf\"", "\"-Infinity\"", "\"NaN\"", "\".5\"", "\"+1\"", "true", "null",
                    "18446744073709551615"),
            "Float32", List.of("1e39", "\"1e400\""),
            "UUID", List.of("\"61f0c404-5cb3-11e7-907b-a6006ad3dba0\"", "\"61F0C404-5CB3-11E7-907B-A6006AD3DBA0\"",
                    "\"61f0c4045cb311e7907ba6006ad3dba0\"", "null"),
            "IPv4", List.of("\"1.2.3.4\"", "\"255.255.255.255\"", "\"0.0.0.0\"", "\"001.2.3.04\"", "\"0001.2.3.4\"",
                    "null"));

    /** Values the server refuses, by the path's type. */
    static final Map<String, List<String>> REFUSED = ordered(
            "UInt8", List.of("-1", "256", "255.9", "-0.5", "1e10", "\"256\"", "\"-1\"", "\" 5\"", "\"5 \"",
                    "\"0x10\"", "\"\"", "\"5x\"", "\"255.9\"", "\"-0.5\"", "\"1e3\"", "\"+\"", "[]", "{}", "[1]",
                    "{\"w\":1}"),
            "Int8", List.of("128", "-129", "127.5", "-128.5", "\"127.5\"", "\"inf\"", "\"Infinity\"", "\"1e\"",
                    "\"1_0\"", "\"--1\"", "\".\"", "\"e5\"", "\"x\""),
            "Int64", List.of("9223372036854775808", "9223372036854775807.0", "-9223372036854777856.0", "1e19",
                    "\"9223372036854775808\""),
            "UInt64", List.of("-1", "18446744073709551615.0", "\"18446744073709551616\"", "-0.5"),
            "UInt32", List.of("4294967296", "-1", "4294967295.5", "\"4294967296\""),
            "Int16", List.of("32768", "-32769", "32767.5", "\"-32769\""),
            "Int32", List.of("-2147483649", "2147483648", "2147483647.5", "-2147483648.9", "\"2147483648\""),
            "UInt16", List.of("65536", "-1", "65535.5", "\"65536\""),
            "Bool", List.of("-1", "256", "255.5", "\"true\"", "\"yes\"", "[]"),
            "Float64", List.of("\"x\"", "\" 1\"", "\"\"", "\"1e\"", "\"0x10\"", "\"1,5\"", "[]", "{}"),
            "Float32", List.of("\"+\""),
            "UUID", List.of("\"{61f0c404-5cb3-11e7-907b-a6006ad3dba0}\"", "\"61f0c404-5cb3-11e7-907b-a6006ad3dba\"",
                    "\"61f0c404-5cb311e7-907b-a6006ad3dba0\"", "\"g1f0c404-5cb3-11e7-907b-a6006ad3dba0\"",
                    "\" 61f0c404-5cb3-11e7-907b-a6006ad3dba0\"", "\"61f0c4045cb311e7907ba6006ad3dba0a\"", "\"\"", "1",
                    "true", "[]", "{}"),
            "IPv4", List.of("\"256.1.1.1\"", "\"1.2.3\"", "\"1.2.3.4 \"", "\"\"", "\"16909060\"", "\"1.2.3.4.5\"",
                    "\"1..3.4\"", "\"+1.2.3.4\"", "\"1.2.3.4/8\"", "16909060", "0", "1.5", "false", "[]"));

    /** Documents refused at any path: numbers ClickHouse cannot read as Int64, UInt64 or Float64. */
    static final List<String> UNREADABLE = List.of("{\"x\": 18446744073709551616}", "{\"x\": -9223372036854775809}",
            "{\"x\": 1e400}", "{\"x\": {\"y\": [1, -1e999]}}");

    private JsonPathCases() {
    }

    private static Map<String, List<String>> ordered(Object... typesAndValues) {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        for (int i = 0; i < typesAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) typesAndValues[i + 1];
            cases.put((String) typesAndValues[i], values);
        }
        return cases;
    }
}
