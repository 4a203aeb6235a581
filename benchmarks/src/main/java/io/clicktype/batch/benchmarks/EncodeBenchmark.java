package io.clicktype.batch.benchmarks;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.mapping.RowMappings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * Encode cost per row of a typical 10-column event: the mapped encoder from
 * {@link RowMappings#create} against a hand-written encoder of the same row. Scores are ns/row
 * ({@value #ROWS} rows per invocation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EncodeBenchmark {

    static final int ROWS = 1024;

    /** The benchmark row. */
    @ClickTable("events")
    public record Event(long id, Instant ts, String url, String referrer, String userAgent, String country,
                        long userId, double duration, String note, List<String> tags) {
    }

    /** The live table the row is mapped onto. */
    static final List<TableColumn> TABLE = List.of(
            new TableColumn("id", "Int64", ""), new TableColumn("ts", "DateTime64(3)", ""),
            new TableColumn("url", "String", ""), new TableColumn("referrer", "String", ""),
            new TableColumn("user_agent", "String", ""), new TableColumn("country", "LowCardinality(String)", ""),
            new TableColumn("user_id", "UInt32", ""), new TableColumn("duration", "Float64", ""),
            new TableColumn("note", "Nullable(String)", ""), new TableColumn("tags", "Array(String)", ""));

    private Event[] rows;
    private RowEncoder<Event> mapped;
    private RowBuffer buffer;
    private io.clicktype.batch.encoding.BatchEncoder<Event> nativeEncoder;
    private io.clicktype.batch.encoding.BatchEncoder<Event> rowBinaryEncoder;

    /** Builds rows, the mapping and a buffer large enough for one batch. */
    @Setup
    public void setUp() {
        mapped = encoderFor(Event.class, TABLE);
        rows = new Event[ROWS];
        String[] countries = {"DE", "PL", "US", "FR"};
        for (int i = 0; i < ROWS; i++) {
            rows[i] = new Event(i, Instant.ofEpochMilli(1_700_000_000_000L + i), "https://example.com/page/" + i,
                    "https://google.com/search?q=" + i, "Mozilla/5.0 (X11; Linux x86_64) Firefox/" + (i % 50),
                    countries[i % countries.length], 100_000L + i, i * 0.25, i % 3 == 0 ? null : "note " + i,
                    List.of("a", "tag" + (i % 7)));
        }
        buffer = new RowBuffer(ROWS * 256);
        var mapping = RowMappings.create(Event.class, TABLE);
        nativeEncoder = io.clicktype.batch.startup.FormatChoice.encoder(mapping, io.clicktype.batch.BatchFormat.NATIVE,
                new io.clicktype.batch.spi.ServerInfo("26.7", java.util.Set.of(
                        io.clicktype.batch.spi.ServerInfo.NATIVE_TYPES_CONVERSION), java.util.Set.of()));
        if (nativeEncoder.format() != io.clicktype.batch.BatchFormat.NATIVE) {
            throw new IllegalStateException("the event has no Native form");
        }
        rowBinaryEncoder = new io.clicktype.batch.encoding.RowBinaryBatchEncoder<>(mapped);
    }

    /** The benchmark's rows (after {@link #setUp}). */
    Event[] rows() {
        return rows;
    }

    /**
     * The batcher's worker in RowBinary: every row through {@code BatchEncoder.encode} into the batch buffer, then
     * the seal (nothing to do).
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int rowBinaryBatch() {
        RowBuffer out = buffer;
        out.clear();
        for (Event row : rows) {
            rowBinaryEncoder.encode(row, out);
        }
        rowBinaryEncoder.seal(out, Integer.MAX_VALUE, 64 * 1024);
        return out.size();
    }

    /**
     * The batcher's worker in Native: every row into the block's columns, then the seal writes the block into the
     * batch buffer.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int nativeBatch() {
        RowBuffer out = buffer;
        out.clear();
        for (Event row : rows) {
            nativeEncoder.encode(row, out);
        }
        nativeEncoder.seal(out, Integer.MAX_VALUE, 64 * 1024);
        return out.size();
    }

    /**
     * The encoder {@link RowMappings#create} builds for {@code type} against {@code table}; a benchmark must not
     * measure a mapping that the batcher would refuse, so any mismatch fails the set-up.
     */
    static <T> RowEncoder<T> encoderFor(Class<T> type, List<io.clicktype.batch.TableColumn> table) {
        var mapping = RowMappings.create(type, table);
        if (!mapping.mismatches().isEmpty()) {
            throw new IllegalStateException(mapping.mismatches().toString());
        }
        return mapping.encoder();
    }

    /**
     * Validates and encodes every row of {@code rows} into {@code out} (cleared first), as the batcher runs an
     * encoder; returns the bytes written.
     */
    static <T> int validateAndEncode(RowEncoder<T> encoder, T[] rows, RowBuffer out) {
        out.clear();
        for (T row : rows) {
            encoder.validate(row);
            encoder.encode(row, out);
        }
        return out.size();
    }

    /** The encoder built by {@link RowMappings#create}, with validation as the batcher runs it. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int mappedValidateAndEncode() {
        return validateAndEncode(mapped, rows, buffer);
    }

    /** The encoder built by {@link RowMappings#create}, encode only. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int mappedEncode() {
        RowBuffer out = buffer;
        out.clear();
        for (Event row : rows) {
            mapped.encode(row, out);
        }
        return out.size();
    }

    /** What a careful user would write by hand for this one row type. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int handWritten() {
        RowBuffer out = buffer;
        out.clear();
        for (Event row : rows) {
            out.writeLongLE(row.id());
            Instant ts = row.ts();
            out.writeLongLE(ts.getEpochSecond() * 1000 + ts.getNano() / 1_000_000);
            string(out, row.url());
            string(out, row.referrer());
            string(out, row.userAgent());
            string(out, row.country());
            long userId = row.userId();
            if (userId < 0 || userId > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("user_id out of range");
            }
            out.writeIntLE((int) userId);
            out.writeDoubleLE(row.duration());
            if (row.note() == null) {
                out.writeByte(1);
            } else {
                out.writeByte(0);
                string(out, row.note());
            }
            List<String> tags = row.tags();
            out.writeVarUInt(tags.size());
            for (int i = 0; i < tags.size(); i++) {
                string(out, tags.get(i));
            }
        }
        return out.size();
    }

    private static void string(RowBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeVarUInt(bytes.length);
        out.writeBytes(bytes, 0, bytes.length);
    }
}
