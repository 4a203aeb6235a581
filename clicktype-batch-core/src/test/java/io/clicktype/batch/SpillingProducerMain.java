package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The application of {@link CrashRecoveryIT}: inserts rows while ClickHouse is away, waits until all are
 * spilled, says so, and waits to be killed. Args: url, database, spill directory, rows.
 */
public final class SpillingProducerMain {

    private SpillingProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        ClickHouseTransport transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(args[0]), "default", "",
                args[1], true, Duration.ofMillis(300), Duration.ofSeconds(5), null, null));
        DiskSpill spill = DiskSpill.builder(Path.of(args[2]), transport).build();
        int rows = Integer.parseInt(args[3]);
        Batcher<DeliveryIT.Delivery> batcher = Batcher.builder(DeliveryIT.Delivery.class).transport(transport)
                .config(BatchConfig.builder().maxRows(1_000).maxRetries(0).validation(ValidationMode.OFF)
                        .deduplication(Deduplication.OFF).build())
                .failedBatchHandler(spill).build();
        BatcherHandle<DeliveryIT.Delivery> handle = batcher.start();
        for (int i = 0; i < rows; i++) {
            handle.insert(new DeliveryIT.Delivery(i, "crash"));
        }
        handle.flush().exceptionally(e -> null).get();
        System.out.println("SPILLED " + spill.stats().pendingRows());
        System.out.flush();
        Thread.currentThread().join();
    }
}
