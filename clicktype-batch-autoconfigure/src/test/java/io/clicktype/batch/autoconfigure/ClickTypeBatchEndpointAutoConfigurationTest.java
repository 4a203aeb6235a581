package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.autoconfigure.endpoint.ClickTypeEndpoint;
import io.clicktype.batch.spi.ClickHouseTransport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code clicktype} endpoint exists only where Actuator would expose it. */
class ClickTypeBatchEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                    ClickTypeBatchEndpointAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false");

    @Test
    void anExposedEndpointIsThere() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype")
                .run(context -> assertThat(context).hasSingleBean(ClickTypeEndpoint.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachTableShowsTheDatabaseItIsWrittenToNeverNull() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype",
                "clicktype.batch.clickhouse.url=http://localhost:8123", "clicktype.batch.clickhouse.database=analytics")
                .run(context -> {
                    java.util.Map<String, Object> tables = context.getBean(ClickTypeEndpoint.class).tables();
                    assertThat(tables).isNotEmpty();
                    assertThat(tables.values()).allSatisfy(table -> assertThat((java.util.Map<String, Object>) table)
                            .containsEntry("database", "analytics"));
                });
    }

    @Test
    void anEndpointNobodyExposesIsNotCreated() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ClickTypeEndpoint.class));
    }
}
