package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The type round-trip tests in both batch formats, without writing each test twice: rows go through a batcher in
 * RowBinary into the test's table (which the test then checks as before), and through a batcher in Native into a
 * fresh twin of that table (same definition, in the database {@code <db>_native}); afterwards the twin must hold
 * exactly the rows the RowBinary insert added, compared as the server prints them. Where a table cannot go as Native (a Variant, Dynamic or JSON
 * column; LowCardinality on 18.16) the Native batcher sends RowBinary, as in production.
 */
public final class BothFormats {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BothFormats() {
    }

    /**
     * Inserts {@code rows} into {@code type}'s table in RowBinary and into its twin in Native, with {@code config}
     * otherwise, then asserts both tables are equal and no row was lost or handed over.
     */
    public static <T> void insert(ClickHouseServer server, TestDatabase db, Class<T> type, List<T> rows,
            BatchConfig config) throws Exception {
        String table = db.name() + "." + TableRef.quote(RowMappings.tableOf(type).table());
        List<String> before = lines(server, table);
        write(TestTransports.to(server, db.name()), type, rows, config.toBuilder().format(BatchFormat.ROW_BINARY).build());
        List<String> written = added(before, lines(server, table));
        String twin = twin(server, db, RowMappings.tableOf(type).table());
        write(TestTransports.to(server, twinDatabase(db)), type, rows,
                config.toBuilder().format(BatchFormat.NATIVE).build());
        assertThat(lines(server, twin)).as("%s written as Native equals it written as RowBinary", table)
                .isEqualTo(written);
    }

    /** A fresh, empty twin of {@code db}'s {@code table}, in {@link #twinDatabase}; returns its qualified name. */
    public static String twin(ClickHouseServer server, TestDatabase db, String table) throws Exception {
        String twin = twinDatabase(db) + "." + TableRef.quote(table);
        run(server, "CREATE DATABASE IF NOT EXISTS " + twinDatabase(db));
        run(server, "DROP TABLE IF EXISTS " + twin);
        run(server, "CREATE TABLE " + twin + " AS " + db.name() + "." + TableRef.quote(table));
        return twin;
    }

    /** The lines of {@code after} that are not in {@code before} (both sorted; as multisets), sorted. */
    public static List<String> added(List<String> before, List<String> after) {
        List<String> added = new ArrayList<>(after);
        for (String line : before) {
            added.remove(line);
        }
        return added;
    }

    /** The twin database of {@code db}, where the Native copies of its tables live. */
    public static String twinDatabase(TestDatabase db) {
        return db.name() + "_native";
    }

    private static <T> void write(ClickHouseTransport transport, Class<T> type, List<T> rows, BatchConfig config)
            throws Exception {
        try (transport; Batcher<T> batcher = Batcher.builder(type).transport(transport).config(config).build()) {
            BatcherHandle<T> handle = batcher.start();
            for (T row : rows) {
                handle.insert(row);
            }
            handle.flush().get(30, TimeUnit.SECONDS);
            assertThat(batcher.stats().lostRows()).isZero();
            assertThat(batcher.stats().failedRows()).isZero();
        }
    }

    /** Every row of {@code table} as the server prints it (TabSeparated), sorted. */
    public static List<String> lines(ClickHouseServer server, String table) throws Exception {
        List<String> lines = new ArrayList<>(List.of(run(server, "SELECT * FROM " + table + " FORMAT TabSeparated")
                .split("\n")));
        lines.removeIf(String::isEmpty);
        Collections.sort(lines);
        return lines;
    }

    /** Runs a statement, allowing LowCardinality on servers that need the setting to create it (18.16). */
    public static String run(ClickHouseServer server, String sql) throws Exception {
        String settings = server.supportsSetting("allow_experimental_low_cardinality_type")
                ? "?allow_experimental_low_cardinality_type=1" : "";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/" + settings))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        String password = server.password() == null ? "" : server.password();
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (server.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(sql + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
