package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The application of {@link WalCrashIT}: starts a write-ahead-logged batcher (which first replays what an earlier,
 * killed run left in the log), then inserts from several threads until it is killed. Each thread prints
 * {@code T <thread> <seq>} after its insert of row {@code seq} returned (every 20 rows), so what the test reads is a
 * lower bound of the rows accepted. Args: url, database, log directory, fsync ({@code always}|{@code interval}),
 * run number, threads.
 */
public final class WalProducerMain {

    private WalProducerMain() {
    }

    /** Row id of a thread's row: one range per run and thread. */
    static long id(int run, int thread, long seq) {
        return run * 1_000_000_000L + thread * 10_000_000L + seq;
    }

    public static void main(String[] args) throws Exception {
        ClickHouseTransport transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(args[0]), "default", "",
                args[1], true, Duration.ofSeconds(1), Duration.ofSeconds(10), null, null));
        int run = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        Batcher<WalCrashIT.WalEvent> batcher = Batcher.builder(WalCrashIT.WalEvent.class).transport(transport)
                .config(WalCrashIT.config(Path.of(args[2]), WalFsync.valueOf(args[3].toUpperCase()),
                        BatchFormat.valueOf(args[6]))).build();
        BatcherHandle<WalCrashIT.WalEvent> handle = batcher.start();
        System.out.println("STARTED");
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread producer = new Thread(() -> {
                for (long seq = 0; ; seq++) {
                    handle.insert(new WalCrashIT.WalEvent(id(run, thread, seq), "run " + run));
                    if (seq % 20 == 0) {
                        synchronized (System.out) {
                            System.out.println("T " + thread + " " + seq);
                            System.out.flush();
                        }
                    }
                }
            }, "producer-" + t);
            producer.start();
        }
        Thread.currentThread().join();
    }
}
