package io.clicktype.batch.test.spring;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Puts the shared ClickHouse's connection into {@code clicktype.batch.clickhouse.*}, ahead of every other property
 * source, gives the context a spill and a write-ahead-log directory of its own (defaults a test's properties
 * override), and registers the {@link ClickHouseServer} as a bean. All instances are equal: every annotated test class
 * gets the same server, so Spring's context cache can share one context among them.
 */
final class ClickHouseContextCustomizer implements ContextCustomizer {

    /** The property source's name, to find it in the environment. */
    static final String PROPERTY_SOURCE = "clicktype-batch-test";

    /** The property source of the context's own directories, last: a test's own setting wins. */
    static final String DIRECTORIES = "clicktype-batch-test-directories";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ClickHouseServer server = ClickHouseServers.shared();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(
                "clicktype.batch.clickhouse.url", server.httpUrl(),
                "clicktype.batch.clickhouse.username", server.username(),
                "clicktype.batch.clickhouse.password", server.password())));
        context.getEnvironment().getPropertySources().addLast(new MapPropertySource(DIRECTORIES, directories()));
        context.getBeanFactory().registerSingleton("clickHouseServer", server);
    }

    /**
     * A spill and a write-ahead-log directory of the context's own, under a new private temp directory, as defaults
     * the test's properties override: two cached contexts must not claim the same default directory (the second
     * would fail to start, docs/delivery.md), and a test must not replay an earlier run's files into the server.
     */
    private static Map<String, Object> directories() {
        try {
            Path root = Files.createTempDirectory("clicktype-batch-test-");
            return Map.of("clicktype.batch.spill.directory", root.resolve("spill").toString(),
                    "clicktype.batch.wal.directory", root.resolve("wal").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for the context's spill and log", e);
        }
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
