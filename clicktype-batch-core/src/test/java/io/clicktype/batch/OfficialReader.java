package io.clicktype.batch;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.ClickHouseBinaryFormatReader;
import com.clickhouse.client.api.data_formats.internal.BinaryStreamReader;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import io.clicktype.batch.test.ClickHouseServer;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads rows back with the official client-v2's RowBinary reader ({@code RowBinaryWithNamesAndTypes},
 * {@link Client#newBinaryFormatReader}), a decoder we did not write: the second oracle of the type tests, beside
 * SQL. Only for servers that have that format (not 18.16).
 */
final class OfficialReader implements AutoCloseable {

    private final Client client;

    OfficialReader(ClickHouseServer server, String database) {
        this.client = new Client.Builder()
                .addEndpoint(server.httpUrl())
                .setUsername(server.username())
                .setPassword(server.password() == null ? "" : server.password())
                .setDefaultDatabase(database)
                .compressServerResponse(false)
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setSocketTimeout(30, ChronoUnit.SECONDS)
                .build();
    }

    /** Every row of {@code sql}, each column by name as the reader's {@code readValue} returns it. */
    List<Map<String, Object>> rows(String sql) throws Exception {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.RowBinaryWithNamesAndTypes)
                .setUseTimeZone("UTC");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (QueryResponse response = client.query(sql, settings).get(30, TimeUnit.SECONDS)) {
            ClickHouseBinaryFormatReader reader = client.newBinaryFormatReader(response);
            while (reader.hasNext()) {
                reader.next();
                Map<String, Object> row = new LinkedHashMap<>();
                for (ClickHouseColumn column : reader.getSchema().getColumns()) {
                    row.put(column.getColumnName(), plain(reader.readValue(column.getColumnName())));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The reader's array holder as a List (recursively), anything else as it is. */
    private static Object plain(Object value) {
        if (value instanceof BinaryStreamReader.ArrayValue array) {
            List<Object> list = new ArrayList<>();
            for (Object item : array.asList()) {
                list.add(plain(item));
            }
            return list;
        }
        return value;
    }

    @Override
    public void close() {
        client.close();
    }
}
