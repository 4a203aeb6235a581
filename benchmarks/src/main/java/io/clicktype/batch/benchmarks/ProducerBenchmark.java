package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.benchmarks.EncodeBenchmark.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an insert costs the producer: {@code insert} and {@code tryInsert} of the 10-column event into a
 * batcher whose transport does nothing (so the worker's encode is the only consumer), against a plain
 * {@link ArrayBlockingQueue} hand-off to one draining thread. Run with {@code -t 1}, {@code -t 2},
 * {@code -t 4}, {@code -t 8} for the producer counts; scores are operations (rows) per second, all
 * threads together.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ProducerBenchmark {

    private Batcher<Event> batcher;
    private BatcherHandle<Event> handle;
    private ArrayBlockingQueue<Event> queue;
    private Thread consumer;
    private Event[] rows;

    /** One batcher (and one baseline queue with its consumer) shared by all producer threads. */
    @Setup(Level.Trial)
    public void setUp() {
        rows = new Event[1024];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Event(i, Instant.ofEpochMilli(1_700_000_000_000L + i), "/p/" + i, "https://ref/" + i,
                    "Mozilla/5.0", "DE", i, i * 0.5, i % 3 == 0 ? null : "n", List.of("a", "b"));
        }
        batcher = Batcher.builder(Event.class).transport(new NoopTransport())
                .columns(EncodeBenchmark.TABLE)
                .config(BatchConfig.builder().maxBlock(java.time.Duration.ofSeconds(60)).build()).build();
        handle = batcher.start();
        queue = new ArrayBlockingQueue<>(100_000);
        consumer = new Thread(() -> {
            List<Event> sink = new ArrayList<>(8192);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sink.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(sink, 8191);
                sink.clear();
            }
        }, "abq-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    /** Stops both consumers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        batcher.close();
        consumer.interrupt();
    }

    /** Per-thread position in the row array. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public void insert(Cursor cursor) {
        handle.insert(rows[cursor.next++ & 1023]);
    }

    @Benchmark
    public boolean tryInsert(Cursor cursor) {
        return handle.tryInsert(rows[cursor.next++ & 1023]);
    }

    @Benchmark
    public void arrayBlockingQueue(Cursor cursor) throws InterruptedException {
        queue.put(rows[cursor.next++ & 1023]);
    }
}
