package io.clicktype.samples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/** Closing the application context flushes every accepted row. */
class ShutdownFlushIT {

    @Test
    void closingTheContextFlushesEverythingAccepted() {
        ClickHouseServer server = ClickHouseServers.shared();
        server.execute("DROP TABLE IF EXISTS clickstream_shutdown.page_views");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ClickstreamApplication.class)
                .run("--server.port=0", "--clicktype.batch.clickhouse.url=" + server.httpUrl(),
                        "--clicktype.batch.clickhouse.username=" + server.username(),
                        "--clicktype.batch.clickhouse.password=" + server.password(),
                        "--clicktype.batch.clickhouse.database=clickstream_shutdown",
                        "--clicktype.batch.tables.page_views.max-wait=1h", "--clicktype.batch.max-rows=1000000");
        @SuppressWarnings("unchecked")
        BatcherHandle<PageView> handle = (BatcherHandle<PageView>) context.getBeanProvider(
                ResolvableType.forClassWithGenerics(BatcherHandle.class, PageView.class)).getObject();
        for (int i = 0; i < 5_000; i++) {
            handle.insert(new PageView(Instant.ofEpochSecond(1_700_000_000L + i), "/x", i, "DE", i));
        }
        assertThat(server.execute("SELECT count() FROM clickstream_shutdown.page_views").trim()).isEqualTo("0");

        context.close();

        assertThat(server.execute("SELECT count() FROM clickstream_shutdown.page_views").trim()).isEqualTo("5000");
    }
}
