package io.clicktype.samples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/** Closing the application context under load flushes (or spills) every accepted row. */
class ShutdownFlushIT {

    @TempDir
    Path spillDir;

    @Test
    void closingTheContextUnderLoadAccountsForEveryAcceptedRow() throws Exception {
        ClickHouseServer server = ClickHouseServers.shared();
        server.execute("DROP TABLE IF EXISTS clickstream_shutdown.page_views");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ClickstreamApplication.class)
                .run("--server.port=0", "--clicktype.batch.clickhouse.url=" + server.httpUrl(),
                        "--clicktype.batch.clickhouse.username=" + server.username(),
                        "--clicktype.batch.clickhouse.password=" + server.password(),
                        "--clicktype.batch.clickhouse.database=clickstream_shutdown",
                        "--clicktype.batch.spill.directory=" + spillDir,
                        "--clicktype.batch.tables.page_views.max-wait=1h", "--clicktype.batch.max-rows=20000");
        @SuppressWarnings("unchecked")
        BatcherHandle<PageView> handle = (BatcherHandle<PageView>) context.getBeanProvider(
                ResolvableType.forClassWithGenerics(BatcherHandle.class, PageView.class)).getObject();
        DiskSpill spill = context.getBean(DiskSpill.class);
        AtomicLong accepted = new AtomicLong();
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            long base = t * 10_000_000L;
            producers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (long i = 0; ; i++) {
                        handle.insert(new PageView(Instant.ofEpochSecond(1_700_000_000L + i % 86_400), "/x", base + i,
                                "DE", i % 1000));
                        accepted.incrementAndGet();
                    }
                } catch (BatcherClosedException | IllegalStateException closedUnderUs) {
                    // the context closed while this producer was inserting: that is the point
                }
            }, task -> new Thread(task, "producer").start()));
        }
        await().until(() -> accepted.get() > 50_000);

        context.close();
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        long inClickHouse = Long.parseLong(server.execute("SELECT count() FROM clickstream_shutdown.page_views").trim());
        assertThat(inClickHouse + spill.stats().pendingRows()).isEqualTo(accepted.get());
    }
}
