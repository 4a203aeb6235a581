package io.clicktype.batch.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransport;
import io.clicktype.batch.InsertRequest;
import io.clicktype.batch.ServerInfo;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.autoconfigure.entities.PageView;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The runtime health pieces without Spring: the server ping, and a table's state from its own outcomes. */
class HealthIndicatorsTest {

    /** Answers describe and probe; inserts and pings fail while {@code down}. */
    private static final class Transport implements ClickHouseTransport {
        volatile boolean down;

        @Override
        public void insert(InsertRequest request) {
            if (down) {
                throw new TransportException("Connection refused", true, 0, 0, null);
            }
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            return List.of(new TableColumn("id", "Int64", ""), new TableColumn("url", "String", ""));
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("25.8.1", Set.of(), Set.of());
        }

        @Override
        public void ping() {
            if (down) {
                throw new TransportException("Connection refused", true, 0, 0, null);
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theServerIndicatorPingsOnce() {
        Transport transport = new Transport();
        ServerHealthIndicator server = new ServerHealthIndicator(transport);
        assertThat(server.health().getStatus()).isEqualTo(Status.UP);

        transport.down = true;
        assertThat(server.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(server.health().getDetails().get("reason").toString()).contains("Connection refused");
    }

    @Test
    void aTableIsDownAfterThreeFailedFlushesAndUpAgainAfterOneThatLands() throws Exception {
        Transport transport = new Transport();
        try (Batcher<PageView> batcher = Batcher.builder(PageView.class).transport(transport).closeOnJvmExit(false)
                .config(BatchConfig.builder().maxRetries(0).build()).failedBatchHandler(batch -> { }).build()) {
            BatcherHandle<PageView> handle = batcher.start();
            BatcherHealthIndicator table = new BatcherHealthIndicator(batcher);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);

            transport.down = true;
            for (int i = 0; i < BatcherHealthIndicator.FAILED_FLUSHES_DOWN; i++) {
                handle.insert(new PageView(i, "/"));
                handle.flush().toCompletableFuture().exceptionally(e -> null).get(5, TimeUnit.SECONDS);
            }
            assertThat(table.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(table.health().getDetails().get("reason").toString()).contains("3 consecutive flushes failed");

            transport.down = false;
            handle.insert(new PageView(9, "/"));
            handle.flush().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(table.health().getStatus()).isEqualTo(Status.UP);
            assertThat(table.health().getDetails()).containsKeys("delivery", "lastSuccessfulFlush");
        }
    }
}
