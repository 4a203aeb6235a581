package io.clicktype.batch.startup;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.BatchEncoder;
import io.clicktype.batch.encoding.NativeBatchEncoder;
import io.clicktype.batch.encoding.NativeBlock;
import io.clicktype.batch.encoding.NativeColumn;
import io.clicktype.batch.encoding.RowBinaryBatchEncoder;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.mapping.NativeLayouts;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.spi.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once at start, the format a table's batches are encoded in ({@code BatchConfig.format}) and builds its
 * {@link BatchEncoder}. {@code AUTO} is Native where the server has {@code input_format_native_allow_types_conversion}
 * (ClickHouse 23.x on): its Native reader checks each column's declared type against the table's (the transport turns
 * the conversion off, so a block whose column changed type since it was encoded is refused, never converted by the
 * server's {@code CAST}; the batcher then converts it (ValueConversions) or hands it over, {@code schema.SchemaGuard}) and
 * takes a plain column for a LowCardinality one. Servers without it get RowBinary, whatever was configured: 18.16 stores a Native
 * column of another type than the table's unchecked, or dies (measured; docs/types.md). Measured in
 * docs/benchmarks.md §11. Native also needs every column's type: the live
 * table's (validation {@code OFF} reads none: RowBinary then), and a Native layout for each ({@link NativeLayouts}).
 * Whatever is chosen, and why when it is not what was asked, is logged once at INFO.
 */
public final class FormatChoice {

    private static final Logger LOG = LoggerFactory.getLogger(FormatChoice.class);

    private FormatChoice() {
    }

    /**
     * The encoder for {@code mapping}'s rows in the format {@code wanted} resolves to on {@code server}.
     *
     * @param server what the server is, or {@code null} when it could not be asked (AUTO is RowBinary then)
     */
    public static <T> BatchEncoder<T> encoder(RowMapping<T> mapping, BatchFormat wanted, ServerInfo server) {
        RowEncoder<T> rows = mapping.encoder();
        TableRef table = mapping.table();
        if (wanted == BatchFormat.ROW_BINARY) {
            return new RowBinaryBatchEncoder<>(rows);
        }
        boolean checksTypes = server != null && server.checksNativeTypes();
        if (!checksTypes) {
            // Measured on 18.16.1: a block whose column type differs from the table's (as after an ALTER) is stored
            // unchecked (an Int32 column under a String one; queries then fail), or the server process dies.
            Runnable log = wanted == BatchFormat.AUTO ? () -> LOG.info("Batches for {} are RowBinary: ClickHouse {} "
                    + "does not check a Native block's column types against the table's ({})", table,
                    server == null ? "(version unknown)" : server.version(), ServerInfo.NATIVE_TYPES_CONVERSION)
                    : () -> LOG.warn("Batches for {} are RowBinary, not Native as configured: ClickHouse {} does not "
                    + "check a Native block's column types against the table's ({}), so a block sent after an ALTER "
                    + "would be stored unchecked", table, server == null ? "(version unknown)" : server.version(),
                    ServerInfo.NATIVE_TYPES_CONVERSION);
            log.run();
            return new RowBinaryBatchEncoder<>(rows);
        }
        List<String> types = mapping.columnTypes();
        if (types == null) {
            LOG.info("Batches for {} are RowBinary: Native names every column's type, and a column of the record "
                    + "refuses every row (validation WARN)", table);
            return new RowBinaryBatchEncoder<>(rows);
        }
        List<String> names = rows.columnNames();
        List<String> wireTypes = new ArrayList<>();
        List<NativeColumn> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                NativeLayouts.Layout layout = NativeLayouts.of(types.get(i), true);
                wireTypes.add(layout.wireType());
                columns.add(layout.column());
            } catch (IllegalArgumentException e) {
                LOG.info("Batches for {} are RowBinary: column `{}` is {}, which has no Native form here ({})", table,
                        names.get(i), types.get(i), e.getMessage());
                return new RowBinaryBatchEncoder<>(rows);
            }
        }
        LOG.info("Batches for {} are Native blocks", table);
        return new NativeBatchEncoder<>(rows, new NativeBlock(names, wireTypes, columns));
    }
}
