package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Customizers see every table and have the last word: default maxRows 100 000, the table's property 100, the
 * customizer 1 000 — each asserted value shows where it came from.
 */
class BatcherBuilderCustomizerTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false", "clicktype.batch.tables.page_views.max-rows=100");

    @Test
    void aCustomizerIsCalledForEveryTableAfterTheProperties() {
        BatcherBuilderCustomizer clicksOnly = (table, builder) -> {
            seen.add(table.table());
            if (table.table().equals("clicks")) {
                builder.config(BatchConfig.builder().maxRows(1_000).build());
            }
        };
        runner.withBean(BatcherBuilderCustomizer.class, () -> clicksOnly).run(context -> {
            assertThat(context.getBean("clicksBatcher", Batcher.class).config().maxRows()).isEqualTo(1_000);
            assertThat(context.getBean("pageViewsBatcher", Batcher.class).config().maxRows()).isEqualTo(100);
        });
        assertThat(seen).containsExactlyInAnyOrder("clicks", "page_views");
    }
}
