package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.time.Duration;
import java.util.List;

/**
 * The application of {@link JvmExitIT}: inserts rows with a long maxWait and returns from main without
 * closing the batcher. Args: url, database, rows.
 */
public final class UnclosedProducerMain {

    private UnclosedProducerMain() {
    }

    public static void main(String[] args) {
        ClickHouseTransport transport = ClickHouseTransports.clientV2(new ConnectionConfig(List.of(args[0]), "default", "",
                args[1], true, Duration.ofSeconds(1), Duration.ofSeconds(10), null, null));
        Batcher<DeliveryIT.Delivery> batcher = Batcher.builder(DeliveryIT.Delivery.class).transport(transport)
                .config(BatchConfig.builder().maxWait(Duration.ofMinutes(10)).build()).build();
        BatcherHandle<DeliveryIT.Delivery> handle = batcher.start();
        int rows = Integer.parseInt(args[2]);
        for (int i = 0; i < rows; i++) {
            handle.insert(new DeliveryIT.Delivery(i, "unclosed"));
        }
        System.out.println("INSERTED " + rows);
    }
}
