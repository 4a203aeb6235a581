package io.clicktype.batch.benchmarks;

import io.clicktype.batch.benchmarks.IngestBenchmark.Event;
import io.clicktype.batch.encoding.NativeBatchEncoder;
import io.clicktype.batch.encoding.NativeBlock;
import io.clicktype.batch.encoding.NativeColumn;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.mapping.NativeLayouts;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worker's two ways into a Native block, ns per row, for the rows of {@link IngestBenchmark} (the end-to-end
 * benchmark's 10 columns: fixed-width, String, Nullable(String), Array(String)): {@code move} is a write-ahead log's
 * path, one RowBinary record of one row moved into the columns ({@link NativeBlock#appendRows}, as
 * {@code NativeBatchEncoder.recordRead} does), {@code copyThenMove} the same after the copy of the record into a
 * scratch buffer that the log's reader makes, and {@code encode} memory mode's, the row object encoded straight into
 * the columns ({@link NativeBatchEncoder#encode}). A batch of {@code batchRows} rows is sealed and the block cleared
 * as the engine does, so that the buffers keep their steady size. {@code java -jar benchmarks.jar NativeMoveBenchmark}
 * (docs/benchmarks.md, section 9).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NativeMoveBenchmark {

    /** One block and encoder per thread, and the rows as objects and as one-row RowBinary records. */
    @State(Scope.Thread)
    public static class Block {
        /** Rows per batch: 100 000 is BatchConfig's default maxRows; 1 000 keeps the columns in the CPU's caches. */
        @Param({"100000", "1000"})
        int batchRows;
        final Event[] events = IngestBenchmark.events();
        final byte[][] records = new byte[events.length][];
        final NativeBlock moved;
        final NativeBatchEncoder<Event> encoded;
        final RowBuffer payload = new RowBuffer(1 << 20);
        final RowBuffer scratch = new RowBuffer(4096);
        int next;

        public Block() {
            RowMapping<Event> mapping = RowMappings.create(Event.class, IngestBenchmark.TABLE);
            RowEncoder<Event> rows = mapping.encoder();
            RowBuffer one = new RowBuffer(256);
            for (int i = 0; i < events.length; i++) {
                one.clear();
                rows.encode(events[i], one);
                records[i] = Arrays.copyOf(one.array(), one.size());
            }
            moved = block(mapping);
            encoded = new NativeBatchEncoder<>(rows, block(mapping));
        }

        private static NativeBlock block(RowMapping<Event> mapping) {
            List<String> wireTypes = new ArrayList<>();
            List<NativeColumn> columns = new ArrayList<>();
            for (String type : mapping.columnTypes()) {
                NativeLayouts.Layout layout = NativeLayouts.of(type, true);
                wireTypes.add(layout.wireType());
                columns.add(layout.column());
            }
            return new NativeBlock(mapping.encoder().columnNames(), wireTypes, columns);
        }
    }

    @Benchmark
    public int move(Block b) {
        byte[] record = b.records[b.next++ & 4095];
        return moved(b, record, record.length);
    }

    /** {@code move} after a copy of the record into a scratch buffer, as the log's reader hands it over today. */
    @Benchmark
    public int copyThenMove(Block b) {
        byte[] record = b.records[b.next++ & 4095];
        RowBuffer scratch = b.scratch;
        scratch.clear();
        scratch.writeBytes(record, 0, record.length);
        return moved(b, scratch.array(), scratch.size());
    }

    /** Moves one row's record into the block, and seals the batch when it is full. */
    private static int moved(Block b, byte[] record, int length) {
        NativeBlock block = b.moved;
        block.appendRows(record, 0, length, 1);
        if (block.rows() >= b.batchRows) {
            b.payload.clear();
            block.writeTo(b.payload);
            block.clear(64 << 20, 1 << 20);
        }
        return block.rows();
    }

    @Benchmark
    public int encode(Block b) {
        b.encoded.encode(b.events[b.next++ & 4095], b.payload);
        if ((b.next % b.batchRows) == 0) {
            b.encoded.seal(b.payload, 64 << 20, 1 << 20);
        }
        return b.next;
    }
}
