package io.clicktype.batch.test.spring;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Puts the shared ClickHouse's connection into {@code clicktype.batch.clickhouse.*}, ahead of every other property
 * source, and registers the {@link ClickHouseServer} as a bean. All instances are equal: every annotated test class
 * gets the same server, so Spring's context cache can share one context among them.
 */
final class ClickHouseContextCustomizer implements ContextCustomizer {

    /** The property source's name, to find it in the environment. */
    static final String PROPERTY_SOURCE = "clicktype-batch-test";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ClickHouseServer server = ClickHouseServers.shared();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(
                "clicktype.batch.clickhouse.url", server.httpUrl(),
                "clicktype.batch.clickhouse.username", server.username(),
                "clicktype.batch.clickhouse.password", server.password())));
        context.getBeanFactory().registerSingleton("clickHouseServer", server);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClickHouseContextCustomizer;
    }

    @Override
    public int hashCode() {
        return ClickHouseContextCustomizer.class.hashCode();
    }
}
