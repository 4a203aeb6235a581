package io.clicktype.batch.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BothFormats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.mapping.NativeLayouts;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.TestDatabase;
import java.io.ByteArrayInputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Inserts rows encoded by our mapping into a real table through client-v2 (RowBinary, explicit
 * column list) and reads them back as TabSeparated text.
 */
final class ServerRoundTrip implements AutoCloseable {

    private final TestDatabase db;
    private final Client client;

    ServerRoundTrip(ClickHouseServer server, TestDatabase db) {
        this.db = db;
        this.client = new Client.Builder()
                .addEndpoint(server.httpUrl())
                .setUsername(server.username())
                .setPassword(server.password() == null ? "" : server.password())
                .compressServerResponse(false)
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setSocketTimeout(30, ChronoUnit.SECONDS)
                .build();
    }

    /** The live columns, read the way the batcher reads them (system.columns, TabSeparated). */
    List<TableColumn> liveColumns(String table) {
        List<TableColumn> columns = new ArrayList<>();
        for (List<String> row : db.query("SELECT name, type, default_kind FROM system.columns WHERE database = '"
                + db.name() + "' AND table = '" + table + "'")) {
            columns.add(new TableColumn(row.get(0), row.get(1), row.size() > 2 ? row.get(2) : ""));
        }
        return columns;
    }

    /** Maps {@code type} onto the live table, encodes the rows and inserts them. */
    <T> RowMapping<T> insert(String table, Class<T> type, List<T> rows) throws Exception {
        RowMapping<T> mapping = RowMappings.create(type, liveColumns(table));
        if (!mapping.mismatches().isEmpty()) {
            throw new AssertionError("unexpected mismatches: " + mapping.mismatches());
        }
        RowBuffer buffer = new RowBuffer(256);
        for (T row : rows) {
            mapping.encoder().validate(row);
            mapping.encoder().encode(row, buffer);
        }
        List<String> before = BothFormats.lines(db.server(), db.name() + "." + TableRef.quote(table));
        client.insert(db.name() + "." + table, mapping.encoder().columnNames(),
                        new ByteArrayInputStream(buffer.array(), 0, buffer.size()), ClickHouseFormat.RowBinary,
                        new InsertSettings())
                .get(30, TimeUnit.SECONDS)
                .close();
        insertNative(table, mapping, buffer, rows.size(), before);
        return mapping;
    }

    /**
     * The same rows as one Native block (built from their RowBinary bytes, as the batcher builds it) into a twin of
     * the table, which must then hold exactly the rows the RowBinary insert added; skipped where the table has no Native form on
     * this server (the batcher sends it as RowBinary there).
     */
    private <T> void insertNative(String table, RowMapping<T> mapping, RowBuffer rowBinary, int rows,
            List<String> before) throws Exception {
        if (mapping.columnTypes() == null) {
            return;
        }
        boolean converts = db.server()
                .supportsSetting(io.clicktype.batch.spi.ServerInfo.NATIVE_TYPES_CONVERSION);
        List<String> wireTypes = new ArrayList<>();
        List<NativeColumn> columns = new ArrayList<>();
        for (String type : mapping.columnTypes()) {
            try {
                NativeLayouts.Layout layout = NativeLayouts.of(type, converts);
                wireTypes.add(layout.wireType());
                columns.add(layout.column());
            } catch (IllegalArgumentException noNativeForm) {
                return;
            }
        }
        NativeBlock block = new NativeBlock(mapping.encoder().columnNames(), wireTypes, columns);
        block.appendRows(rowBinary.array(), 0, rowBinary.size(), rows);
        RowBuffer payload = new RowBuffer(256);
        block.writeTo(payload);
        List<String> written = BothFormats.added(before,
                BothFormats.lines(db.server(), db.name() + "." + TableRef.quote(table)));
        String twin = BothFormats.twin(db.server(), db, table);
        client.insert(twin, mapping.encoder().columnNames(),
                        new ByteArrayInputStream(payload.array(), 0, payload.size()), ClickHouseFormat.Native,
                        new InsertSettings())
                .get(30, TimeUnit.SECONDS)
                .close();
        assertThat(BothFormats.lines(db.server(), twin)).as("%s written as Native equals it written as RowBinary",
                table).isEqualTo(written);
    }

    /** Runs a statement with server settings (e.g. to allow an experimental type on an old server). */
    void executeWithSettings(String sql, java.util.Map<String, String> settings) throws Exception {
        com.clickhouse.client.api.command.CommandSettings commandSettings = new com.clickhouse.client.api.command.CommandSettings();
        settings.forEach(commandSettings::serverSetting);
        client.execute(sql, commandSettings).get(30, TimeUnit.SECONDS).close();
    }

    @Override
    public void close() {
        client.close();
    }
}
