package io.clicktype.batch.benchmarks;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.encoding.RowEncoder;
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
 * The caller's-thread check of a JSON document ({@code validate}) in a plain {@code JSON} column against one with
 * four typed paths ({@code JSON(user.id UInt64, user.age UInt8, score Float64, flags.beta Bool)}), all present in
 * every document: what the typed-path check adds to the syntax walk. Scores are ns/document ({@value #ROWS}
 * documents of ~170 characters, integers and one fraction).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JsonPathsBenchmark {

    static final int ROWS = 1024;

    /** One JSON document. */
    @ClickTable("events")
    public record Doc(String extra) {
    }

    private Doc[] docs;
    private RowEncoder<Doc> plain;
    private RowEncoder<Doc> typed;

    /** Builds the documents and both mappings. */
    @Setup
    public void setUp() {
        plain = encoder("JSON");
        typed = encoder("JSON(max_dynamic_paths=64, `user.id` UInt64, `user.age` UInt8, score Float64, "
                + "`flags.beta` Bool)");
        docs = new Doc[ROWS];
        for (int i = 0; i < ROWS; i++) {
            docs[i] = new Doc("{\"user\": {\"id\": " + (1_000_000L + i) + ", \"age\": " + (i % 100) + ", \"name\": "
                    + "\"user" + i + "\"}, \"score\": " + i + ".25, \"flags\": {\"beta\": " + (i % 2 == 0)
                    + ", \"tags\": [\"a\", \"b\"]}, \"page\": \"/products/" + i + "\", \"ms\": " + (i * 7) + "}");
        }
    }

    private static RowEncoder<Doc> encoder(String type) {
        return EncodeBenchmark.encoderFor(Doc.class, List.of(new TableColumn("extra", type, "")));
    }

    /** The syntax walk only. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int plainJson() {
        for (Doc doc : docs) {
            plain.validate(doc);
        }
        return docs.length;
    }

    /** The same walk with four typed paths checked. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int typedPaths() {
        for (Doc doc : docs) {
            typed.validate(doc);
        }
        return docs.length;
    }
}
