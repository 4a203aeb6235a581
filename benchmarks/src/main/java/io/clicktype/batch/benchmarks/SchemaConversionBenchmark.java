package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.BatchEncoder;
import io.clicktype.batch.encoding.RowBinaryBatchEncoder;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.schema.BatchSchema;
import io.clicktype.batch.schema.SchemaGuard;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.startup.FormatChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a batch encoded before an {@code ALTER TABLE} costs to convert for the altered table (issue 23's guarantee
 * for both formats): {@link EncodeBenchmark}'s event batch, encoded for its table, then prepared by a
 * {@link SchemaGuard} for the table with {@code user_id} widened from UInt32 to Int64, as RowBinary rows and as a
 * Native block. Scores are ns/row ({@value EncodeBenchmark#ROWS} rows per invocation); compare them with the encode
 * itself ({@code EncodeBenchmark.rowBinaryBatch}, {@code nativeBatch}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SchemaConversionBenchmark {

    private static final int ROWS = EncodeBenchmark.ROWS;

    private BatchSchema schema;
    private byte[] rowBinary;
    private byte[] nativeBlock;
    private SchemaGuard guard;

    /** A server that checks types, whose table has {@code user_id} widened. */
    private static final class AlteredTable implements ClickHouseTransport {
        private final List<TableColumn> columns;

        AlteredTable(List<TableColumn> columns) {
            this.columns = columns;
        }

        @Override
        public void insert(InsertRequest request) {
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            return columns;
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("26.7", Set.of(), Set.of(), null, Map.of(), Set.of("RowBinaryWithNamesAndTypes"));
        }

        @Override
        public void close() {
        }
    }

    /** Encodes the batch in both formats and lets the guard read the altered table once. */
    @Setup
    public void setUp() {
        EncodeBenchmark events = new EncodeBenchmark();
        events.setUp();
        var mapping = RowMappings.create(EncodeBenchmark.Event.class, EncodeBenchmark.TABLE);
        schema = new BatchSchema(mapping.encoder().columnNames(), mapping.columnTypes());
        BatchEncoder<EncodeBenchmark.Event> nativeEncoder = FormatChoice.encoder(mapping, BatchFormat.NATIVE,
                new ServerInfo("26.7", Set.of(ServerInfo.NATIVE_TYPES_CONVERSION), Set.of()));
        rowBinary = encode(new RowBinaryBatchEncoder<>(mapping.encoder()), events.rows());
        nativeBlock = encode(nativeEncoder, events.rows());
        List<TableColumn> altered = new ArrayList<>();
        for (TableColumn column : EncodeBenchmark.TABLE) {
            altered.add(column.name().equals("user_id") ? new TableColumn("user_id", "Int64", "") : column);
        }
        guard = new SchemaGuard(TableRef.of("events"), new AlteredTable(altered));
        if (convertNative() == nativeBlock.length || convertRowBinary() == rowBinary.length) {
            throw new IllegalStateException("nothing was converted");
        }
    }

    private static byte[] encode(BatchEncoder<EncodeBenchmark.Event> encoder, EncodeBenchmark.Event[] rows) {
        RowBuffer out = new RowBuffer(ROWS * 256);
        for (EncodeBenchmark.Event row : rows) {
            encoder.encode(row, out);
        }
        encoder.seal(out, Integer.MAX_VALUE, 64 * 1024);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** The RowBinary batch converted row by row, value by value. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int convertRowBinary() {
        return guard.prepare(schema, BatchFormat.ROW_BINARY, rowBinary, rowBinary.length, ROWS, null).length();
    }

    /** The Native block converted column by column (unchanged fixed-width columns copied whole). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int convertNative() {
        return guard.prepare(schema, BatchFormat.NATIVE, nativeBlock, nativeBlock.length, ROWS, null).length();
    }
}
