package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code clicktype} health: one server ping per check, the spill, and each table from its own outcomes. */
class ClickTypeBatchHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                    ClickTypeBatchHealthAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities");

    @Test
    void theServerEntryGoesDownWhenClickHouseDoesNotAnswerAndTablesKeepTheirOwnState() {
        runner.withPropertyValues("clicktype.batch.spill.enabled=false").run(context -> {
            CompositeHealthContributor health = context.getBean("clicktypeHealthContributor",
                    CompositeHealthContributor.class);
            HealthIndicator server = (HealthIndicator) health.getContributor("server");
            CompositeHealthContributor tables = (CompositeHealthContributor) health.getContributor("tables");
            HealthIndicator pageViews = (HealthIndicator) tables.getContributor("page_views");
            assertThat(tables.getContributor("clicks")).isNotNull();
            assertThat(server.health().getStatus()).isEqualTo(Status.UP);
            assertThat(pageViews.health().getStatus()).isEqualTo(Status.UP);
            assertThat(pageViews.health().getDetails()).containsEntry("queueCapacity", 100_000)
                    .containsKey("delivery");

            FakeTransport transport = context.getBean(FakeTransport.class);
            transport.down = true;
            assertThat(server.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(server.health().getDetails().get("reason").toString()).contains("Connection refused");
            // No query per table per probe: a table is DOWN by its own outcomes, not by asking the server.
            assertThat(pageViews.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void aTableNamedSpillDoesNotHideTheSpillEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        runner.withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.clashing",
                "clicktype.batch.spill.directory=" + dir).run(context -> {
                    CompositeHealthContributor health = context.getBean("clicktypeHealthContributor",
                            CompositeHealthContributor.class);
                    HealthIndicator spill = (HealthIndicator) health.getContributor("spill");
                    HealthIndicator table = (HealthIndicator) ((CompositeHealthContributor) health
                            .getContributor("tables")).getContributor("spill");
                    assertThat(spill.health().getDetails()).containsKey("pendingFiles");
                    assertThat(table.health().getDetails()).containsEntry("table", "spill");
                });
    }
}
