package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library thread that fails (an {@code Error} where the library does not expect one) against a real server: the
 * table is reported down while it is, every row is counted (in ClickHouse, handed over, or lost), and the table goes
 * on once the thread is back. The faults are injected where a user's code or the JVM would raise them: a row's getter,
 * called again by the worker when it encodes the row, and an insert that runs out of memory.
 */
@ClickHouseTest
class ThreadFaultIT {

    /** A row whose {@code payload()} fails on the library's worker thread when its id is {@link #FAULTY}. */
    @ClickTable("fault_events")
    record Event(long id, String payload) {
        static final long FAULTY = 13;

        @Override
        public String payload() {
            if (id == FAULTY && Thread.currentThread().getName().startsWith("clicktype-batch-")) {
                throw new StackOverflowError("simulated: the getter of row 13 failed on the worker");
            }
            return payload;
        }
    }

    @TempDir
    Path directory;

    @Test
    void aWorkerThatFailsIsDownItsBatchGoesToTheSpillAndItRestarts(ClickHouseServer server, TestDatabase db)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS fault_events");
        db.execute("CREATE TABLE fault_events (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        BatchConfig config = BatchConfig.builder().maxWait(Duration.ofMinutes(1)).build();
        try (ClickHouseTransport transport = TestTransports.to(server, db.name());
             DiskSpill spill = DiskSpill.builder(directory.resolve("spill"), transport).build();
             Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config)
                     .failedBatchHandler(spill).closeOnJvmExit(false).build()) {
            BatcherHandle<Event> handle = batcher.start();
            for (long id = 0; id < 20; id++) {
                handle.insert(new Event(id, "row " + id));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.threadFault().isPresent());
            assertThat(batcher.threadFault().get()).contains("worker failed and restarts").contains("row 13");
            for (long id = 20; id < 30; id++) {
                handle.insert(new Event(id, "row " + id)); // accepted while the worker is down: they wait
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.threadFault().isEmpty());
            handle.flush().get(30, TimeUnit.SECONDS);
            assertThat(db.query("SELECT count(), countIf(id < 13) FROM fault_events"))
                    .as("the restarted worker's batches hold none of the handed-over rows")
                    .containsExactly(List.of(String.valueOf(batcher.stats().flushedRows()), "0"));
            assertThat(spill.replayNow()).as("the batch being filled, rows 0-12").isEqualTo(13);
            assertThat(db.query("SELECT count() FROM fault_events WHERE id < 13")).as("replayed from the spill")
                    .containsExactly(List.of("13"));

            BatcherStats stats = batcher.stats();
            assertThat(stats.acceptedRows()).isEqualTo(30);
            assertThat(stats.failedRows()).as("handed to the spill").isEqualTo(13);
            assertThat(stats.lostRows()).as("row 13 and the rows drained with it but not yet encoded")
                    .isEqualTo(30 - 13 - stats.flushedRows());
            assertThat(stats.flushedRows()).as("rows 20-29 at least, by the restarted worker")
                    .isGreaterThanOrEqualTo(10);
            assertThat(db.count("fault_events")).as("in ClickHouse: flushed and replayed")
                    .isEqualTo(stats.flushedRows() + 13);
            assertThat(batcher.isRunning()).isTrue();
        }
    }

    @Test
    void withAWriteAheadLogAnInsertThatRunsOutOfMemoryIsRetriedNotSetAside(ClickHouseServer server,
            TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS fault_events");
        db.execute("CREATE TABLE fault_events (id UInt64, payload String) ENGINE = MergeTree() ORDER BY id");
        Path wal = directory.resolve("wal");
        BatchConfig config = BatchConfig.builder().maxWait(Duration.ofMinutes(1)).retryBaseDelay(Duration.ofMillis(500))
                .durability(Durability.WAL).wal(WalConfig.defaults().withDirectory(wal)).build();
        try (ClickHouseTransport real = TestTransports.to(server, db.name())) {
            FailingInserts transport = new FailingInserts(real, 2);
            try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config)
                    .closeOnJvmExit(false).build()) {
                BatcherHandle<Event> handle = batcher.start();
                for (long id = 0; id < 100; id++) {
                    handle.insert(new Event(id + 100, "row " + id));
                }
                var flushed = handle.flush();

                await().atMost(Duration.ofSeconds(10)).until(() -> batcher.threadFault().isPresent());
                assertThat(batcher.threadFault().get()).contains("sender failed unexpectedly")
                        .contains("Java heap space");
                flushed.get(30, TimeUnit.SECONDS);
                assertThat(batcher.threadFault()).as("up again once the batch landed").isEmpty();
                assertThat(transport.calls).hasValue(3);
                assertThat(db.count("fault_events")).isEqualTo(100);
                assertThat(batcher.walStats().orElseThrow().rejectedRows()).isZero();
            }
            try (var rejected = Files.list(wal)) {
                assertThat(rejected.filter(p -> p.toString().contains("rejected")).flatMap(ThreadFaultIT::files))
                        .as("nothing set aside under rejected/").isEmpty();
            }
        }
    }

    private static java.util.stream.Stream<Path> files(Path dir) {
        try {
            return Files.walk(dir).filter(Files::isRegularFile).toList().stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The real transport, whose first {@code failures} inserts run out of memory (a fault, not ClickHouse's answer). */
    private static final class FailingInserts extends ForwardingTransport {
        private final AtomicInteger failures;
        final AtomicInteger calls = new AtomicInteger();

        FailingInserts(ClickHouseTransport real, int failures) {
            super(real);
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void insert(InsertRequest request) {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new OutOfMemoryError("simulated: Java heap space");
            }
            super.insert(request);
        }

        @Override
        public void close() {
            // the test closes the real transport
        }
    }
}
