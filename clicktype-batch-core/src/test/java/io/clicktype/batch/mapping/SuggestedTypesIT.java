package io.clicktype.batch.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every ClickHouse type that a mismatch or rejection message suggests is one the server accepts, and
 * every Java type it names is a real one: a broad set of (Java type, column type) pairs is mapped, the
 * suggested column types are collected from the messages, and the server is asked to create a table
 * with each. Column types the batcher cannot write must say so plainly.
 */
@ClickHouseTest
class SuggestedTypesIT {

    enum Color { RED, GREEN }

    record Pair(int a, String b) { }

    @ClickTable("t") record PLong(long v) { }
    @ClickTable("t") record BLong(Long v) { }
    @ClickTable("t") record PInt(int v) { }
    @ClickTable("t") record BInt(Integer v) { }
    @ClickTable("t") record PDouble(double v) { }
    @ClickTable("t") record PBoolean(boolean v) { }
    @ClickTable("t") record BBoolean(Boolean v) { }
    @ClickTable("t") record Str(String v) { }
    @ClickTable("t") record Dec(BigDecimal v) { }
    @ClickTable("t") record Ints(List<Integer> v) { }
    @ClickTable("t") record Strs(List<String> v) { }
    @ClickTable("t") record Dict(Map<String, Long> v) { }
    @ClickTable("t") record At(Instant v) { }
    @ClickTable("t") record Day(LocalDate v) { }
    @ClickTable("t") record Id(UUID v) { }
    @ClickTable("t") record Bytes(byte[] v) { }
    @ClickTable("t") record Ip(InetAddress v) { }
    @ClickTable("t") record Col(Color v) { }
    @ClickTable("t") record Tup(Pair v) { }
    @ClickTable("t") record PinnedNanos(@io.clicktype.batch.ClickColumn(type = "DateTime64(9)") Instant v) { }
    @ClickTable("t") record PinnedInt64(@io.clicktype.batch.ClickColumn(type = "Int64") long v) { }
    @ClickTable("t") record PinnedMap(@io.clicktype.batch.ClickColumn(type = "Map(String, Int64)") Map<String, Long> v) { }
    @ClickTable("t") record Big(java.math.BigInteger v) { }

    private static final List<Class<? extends Record>> ROW_TYPES = List.of(PLong.class, BLong.class, PInt.class,
            BInt.class, PDouble.class, PBoolean.class, BBoolean.class, Str.class, Dec.class, Ints.class, Strs.class,
            Dict.class, At.class, Day.class, Id.class, Bytes.class, Ip.class, Col.class, Tup.class, PinnedNanos.class,
            PinnedInt64.class, PinnedMap.class, Big.class);

    private static final List<String> COLUMN_TYPES = List.of("Int32", "UInt64", "Nullable(UInt64)", "Float32",
            "Nullable(Float64)", "String", "Nullable(String)", "LowCardinality(String)", "LowCardinality(Nullable(String))",
            "FixedString(3)", "Decimal(18, 4)", "Nullable(Decimal(9, 2))", "Date", "DateTime", "Nullable(DateTime)",
            "UUID", "Enum8('RED' = 1, 'GREEN' = 2)", "Nullable(Enum8('RED' = 1, 'GREEN' = 2))", "Array(Int32)",
            "Array(String)", "Array(Nullable(Int32))", "Array(Array(UInt8))", "Tuple(Int32, String)",
            "Array(Tuple(Int32, String))", "Array(Enum8('RED' = 1, 'GREEN' = 2))", "UInt8",
            // types 18.16 lacks; only used where the server has them
            "Map(String, Int64)", "Map(String, Array(Int32))", "DateTime64(3)", "DateTime64(9, 'UTC')", "Bool",
            "Nullable(Bool)", "IPv4", "IPv6", "Date32", "Int128", "UInt256", "JSON", "Nullable(JSON)",
            "SimpleAggregateFunction(sum, UInt64)", "AggregateFunction(uniq, String)", "Array(JSON)",
            "Map(String, JSON)", "Variant(String, UInt64)", "Dynamic", "Time", "BFloat16", "Time64(3)", "Point",
            "Polygon", "IntervalSecond", "IntervalMonth", "Array(Nullable(String))", "Tuple(a Nullable(Int32), b String)",
            "Map(String, Nullable(Int64))", "SimpleAggregateFunction(anyLast, Nullable(String))", "Geometry",
            "Object('json')");

    private static final Set<String> JAVA_NAMES = Set.of("byte", "short", "int", "long", "float", "double", "boolean",
            "Byte", "Short", "Integer", "Long", "Float", "Double", "Boolean", "String", "BigDecimal", "BigInteger", "UUID",
            "LocalDate", "Instant", "Inet4Address", "InetAddress", "List", "Map", "R", "R2", "R3", "LocalTime", "Duration",
            "Object");

    private static final Pattern SUGGESTED = Pattern.compile(
            "make the column |make that type |change the column to |pin \"|(?<!pins )@ClickColumn\\(type = \"");  // "pins ..." quotes the user's own pin
    private static final Pattern DECLARED = Pattern.compile("declare it `([^`]*)`|`(R\\d?)` is a record of \\d+ "
            + "components ((?:`[^`]*`(?:, )?)+)");

    @Test
    void everySuggestedColumnTypeIsAcceptedAndEveryJavaTypeIsReal(ClickHouseServer server, TestDatabase db)
            throws Exception {
        Set<String> families;
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(new ConnectionConfig(
                List.of(server.httpUrl()), server.username(), server.password(), db.name(), true, Duration.ofSeconds(2),
                Duration.ofSeconds(10), null, null))) {
            families = transport.serverInfo().supportedTypes();
        }
        List<String> messages = new ArrayList<>();
        int unsupported = 0;
        int probes = 0;
        for (String columnType : COLUMN_TYPES) {
            if (!familiesOf(columnType).stream().allMatch(families::contains)
                    || create(server, db, "probe_" + probes++, columnType) != null) {
                continue;  // a family the server lacks, or cannot hold in a table (18.16: IntervalSecond)
            }
            for (Class<? extends Record> rowType : ROW_TYPES) {
                List<String> lines = messagesFor(rowType, columnType, families);
                messages.addAll(lines);
                for (String line : lines) {
                    assertThat(line).as(line).doesNotContain("a supported type");
                    String family = unsupportedFamily(columnType);
                    if (family != null) {
                        unsupported++;
                        assertThat(line).contains("clicktype-batch does not support the ClickHouse type " + family)
                                .contains("@ClickIgnore");
                    }
                }
            }
        }
        assertThat(messages).hasSizeGreaterThan(100);
        try {
            RowMappings.create(Big.class, null, families);  // validation off: no live column to go by
        } catch (IllegalArgumentException e) {
            messages.add(e.getMessage());
        }

        Map<String, String> suggestions = new LinkedHashMap<>();
        for (String message : messages) {
            for (String type : suggestedTypes(message)) {
                suggestions.putIfAbsent(type, message);
            }
            Matcher declared = DECLARED.matcher(message);
            while (declared.find()) {
                String text = declared.group(1) != null ? declared.group(1) : declared.group(2) + " " + declared.group(3);
                for (String word : text.split("[<>,` ]+")) {
                    assertThat(word.isEmpty() || JAVA_NAMES.contains(word)).as("Java type `%s` in: %s", word, message)
                            .isTrue();
                }
            }
        }
        assertThat(suggestions).isNotEmpty();
        List<String> refused = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> suggestion : suggestions.entrySet()) {
            String table = "suggested_" + n++;
            String error = create(server, db, table, suggestion.getKey());
            if (error != null) {
                refused.add(suggestion.getKey() + " <- " + suggestion.getValue() + "\n    server: " + error);
            }
        }
        assertThat(refused).as("suggested types the server %s refuses", server.version()).isEmpty();
        if (families.contains("JSON")) {
            assertThat(unsupported).isPositive();
        }
    }

    /** Schema mismatch lines, and the rejection of a null where the column has no NULL. */
    private static List<String> messagesFor(Class<? extends Record> rowType, String columnType, Set<String> families)
            throws Exception {
        RowMapping<? extends Record> mapping = RowMappings.create(rowType, List.of(new TableColumn("v", columnType, "")),
                families);
        List<String> lines = new ArrayList<>(mapping.mismatches());
        if (!rowType.getRecordComponents()[0].getType().isPrimitive()) {
            Record withNull = rowType.getDeclaredConstructor(rowType.getRecordComponents()[0].getType())
                    .newInstance((Object) null);
            try {
                validate(mapping, withNull);
            } catch (RowRejectedException e) {
                lines.add(e.getMessage());
            }
        }
        Object withNullInside = NULL_INSIDE.get(rowType);
        if (withNullInside != null) {
            try {
                validate(mapping, withNullInside);
            } catch (RowRejectedException e) {
                lines.add(e.getMessage());
            }
        }
        return lines;
    }

    private static final Map<Class<?>, Object> NULL_INSIDE = nullInside();

    private static Map<Class<?>, Object> nullInside() {
        Map<String, Long> nullValue = new java.util.HashMap<>();
        nullValue.put("k", null);
        Map<String, Long> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1L);
        return Map.of(Ints.class, new Ints(java.util.Arrays.asList(1, null)),
                Strs.class, new Strs(java.util.Arrays.asList("a", null)), Dict.class, new Dict(nullValue),
                Tup.class, new Tup(new Pair(1, null)));
    }

    @SuppressWarnings("unchecked")
    private static <T> void validate(RowMapping<T> mapping, Object row) {
        mapping.encoder().validate((T) row);
    }

    private static Set<String> familiesOf(String type) {
        Set<String> families = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_'])([A-Z][A-Za-z0-9]*)\\(|(?<![A-Za-z0-9_'])([A-Z][A-Za-z0-9]*)(?=[,)]|$)")
                .matcher(type);
        while (m.find()) {
            String family = m.group(1) != null ? m.group(1) : m.group(2);
            if (!family.equals("RED") && !family.equals("GREEN") && !family.equals("UTC")) {
                families.add(family);
            }
        }
        families.remove("sum");
        return families;
    }

    private static String unsupportedFamily(String columnType) {
        for (String family : familiesOf(columnType)) {
            if (!JavaTypes.WRITABLE.contains(family)) {
                return family;
            }
        }
        return null;
    }

    /** Each column type a message suggests: the balanced type text after each suggestion phrase. */
    static List<String> suggestedTypes(String message) {
        List<String> types = new ArrayList<>();
        Matcher m = SUGGESTED.matcher(message);
        while (m.find()) {
            int i = m.end();
            int depth = 0;
            StringBuilder type = new StringBuilder();
            boolean inQuote = false;
            for (; i < message.length(); i++) {
                char c = message.charAt(i);
                if (c == '\'') {
                    inQuote = !inQuote;
                } else if (!inQuote && c == '(') {
                    depth++;
                } else if (!inQuote && c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (!inQuote && depth == 0 && (c == ' ' || c == ';' || c == '"' || c == ',')) {
                    break;
                }
                type.append(c);
            }
            if (!type.isEmpty() && !type.toString().equals("...") && !type.toString().startsWith("non-Nullable")) {
                types.add(type.toString());
            }
        }
        return types;
    }

    /** Creates a Memory table with one column of {@code type}; the server's error text, or {@code null}. */
    private static String create(ClickHouseServer server, TestDatabase db, String table, String type)
            throws IOException, InterruptedException {
        // LowCardinality is experimental on 18.16; LowCardinality of a number "suspicious" on current servers.
        String settings = server.supportsSetting("allow_suspicious_low_cardinality_types")
                ? "&allow_suspicious_low_cardinality_types=1" : "&allow_experimental_low_cardinality_type=1";
        String url = server.httpUrl() + "/?user=" + enc(server.username()) + "&password=" + enc(server.password())
                + "&database=" + enc(db.name()) + settings;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString("CREATE TABLE " + table + " (c " + type + ") ENGINE = Memory"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? null : response.body().strip();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
