package io.clicktype.batch.encoding;

import com.clickhouse.client.api.data_formats.RowBinaryFormatReader;
import com.clickhouse.client.api.data_formats.internal.BinaryStreamReader;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseColumn;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Encodes rows with our mapping and decodes the bytes with the official clickhouse-java client-v2
 * RowBinary reader, an implementation we did not write.
 */
final class RowBinaryOracle {

    private RowBinaryOracle() {
    }

    /** Maps {@code rowType}'s single column {@code v} as {@code chType}, encodes, decodes with client-v2. */
    static <T, R> List<R> roundTrip(Class<T> rowType, String chType, List<T> rows,
                                    Function<RowBinaryFormatReader, R> read) {
        return roundTrip(rowType, chType, rows, read, false);
    }

    /** As above; {@code allowMismatches} for mappings that are reported but still encodable. */
    static <T, R> List<R> roundTrip(Class<T> rowType, String chType, List<T> rows,
                                    Function<RowBinaryFormatReader, R> read, boolean allowMismatches) {
        RowMapping<T> mapping = RowMappings.create(rowType, List.of(new TableColumn("v", chType, "")));
        if (!allowMismatches && !mapping.mismatches().isEmpty()) {
            throw new AssertionError("unexpected mismatches: " + mapping.mismatches());
        }
        RowBuffer buffer = new RowBuffer(64);
        for (T row : rows) {
            mapping.encoder().validate(row);
            mapping.encoder().encode(row, buffer);
        }
        return decode(buffer, List.of(ClickHouseColumn.of("v", chType)), rows.size(), read);
    }

    /** Decodes {@code count} rows of {@code columns} with the client-v2 RowBinary reader. */
    static <R> List<R> decode(RowBuffer buffer, List<ClickHouseColumn> columns, int count,
                              Function<RowBinaryFormatReader, R> read) {
        ByteArrayInputStream in = new ByteArrayInputStream(buffer.array(), 0, buffer.size());
        RowBinaryFormatReader reader = new RowBinaryFormatReader(in, new QuerySettings().setUseTimeZone("UTC"),
                new TableSchema(columns), new BinaryStreamReader.DefaultByteBufferAllocator());
        List<R> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!reader.hasNext()) {
                throw new AssertionError("reader ran out after " + i + " of " + count + " rows");
            }
            reader.next();
            values.add(read.apply(reader));
        }
        if (reader.hasNext()) {
            throw new AssertionError("bytes left after " + count + " rows");
        }
        return values;
    }
}
