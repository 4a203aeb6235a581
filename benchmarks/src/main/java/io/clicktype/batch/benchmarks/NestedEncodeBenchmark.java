package io.clicktype.batch.benchmarks;

import io.clicktype.batch.ClickColumn;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import java.util.ArrayList;
import java.util.List;
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
 * Encode cost per row of a flattened Nested {@code tags Nested(name String, weight Int32)} written from a
 * {@code List<Tag>} component (each sub-column reads the list once) against the same bytes from two parallel
 * lists mapped onto {@code tags.name} and {@code tags.weight}. Scores are ns/row ({@value #ROWS} rows, 4 tags each).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class NestedEncodeBenchmark {

    static final int ROWS = 1024;

    /** One element of the Nested structure. */
    public record Tag(String name, int weight) {
    }

    /** The structure as a list of records. */
    @ClickTable("events")
    public record ByRecord(long id, List<Tag> tags) {
    }

    /** The same data as parallel lists. */
    @ClickTable("events")
    public record ByColumn(long id, @ClickColumn(name = "tags.name") List<String> names,
                           @ClickColumn(name = "tags.weight") List<Integer> weights) {
    }

    static final List<TableColumn> TABLE = List.of(new TableColumn("id", "Int64", ""),
            new TableColumn("tags.name", "Array(String)", ""), new TableColumn("tags.weight", "Array(Int32)", ""));

    private ByRecord[] records;
    private ByColumn[] columns;
    private RowEncoder<ByRecord> recordEncoder;
    private RowEncoder<ByColumn> columnEncoder;
    private RowBuffer buffer;

    /** Builds rows and both mappings, and checks that they write the same bytes. */
    @Setup
    public void setUp() {
        recordEncoder = EncodeBenchmark.encoderFor(ByRecord.class, TABLE);
        columnEncoder = EncodeBenchmark.encoderFor(ByColumn.class, TABLE);
        records = new ByRecord[ROWS];
        columns = new ByColumn[ROWS];
        for (int i = 0; i < ROWS; i++) {
            List<Tag> tags = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tags.add(new Tag("tag" + (i + t) % 13, i * t));
                names.add("tag" + (i + t) % 13);
                weights.add(i * t);
            }
            records[i] = new ByRecord(i, tags);
            columns[i] = new ByColumn(i, names, weights);
        }
        buffer = new RowBuffer(ROWS * 128);
        int recordBytes = nested();
        byte[] first = java.util.Arrays.copyOf(buffer.array(), recordBytes);
        int columnBytes = parallelLists();
        if (recordBytes != columnBytes || !java.util.Arrays.equals(first, 0, recordBytes, buffer.array(), 0, columnBytes)) {
            throw new IllegalStateException("the two mappings write different bytes");
        }
    }

    /** {@code List<Tag>} onto the flattened Nested, validated as the batcher runs it. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int nested() {
        return EncodeBenchmark.validateAndEncode(recordEncoder, records, buffer);
    }

    /** Two parallel lists onto the same sub-columns. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int parallelLists() {
        return EncodeBenchmark.validateAndEncode(columnEncoder, columns, buffer);
    }
}
