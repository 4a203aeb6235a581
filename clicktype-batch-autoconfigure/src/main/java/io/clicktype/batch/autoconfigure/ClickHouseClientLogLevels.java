package io.clicktype.batch.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the official client's per-request connect failures out of the log, as a default any
 * {@code logging.level.*} of the application overrides: client-v2's {@code HttpAPIClientHelper} logs a WARN
 * ("Failed to connect to ...", "Host ... unknown") for every request that cannot reach ClickHouse, dozens a minute
 * during an outage, each saying what the batcher's own outage lines already say with the fix and the counts
 * (docs/delivery.md, "What an outage logs"). Its only other WARN lines are about SSL settings this starter never
 * makes (trust-all mode, a trust store together with a CA certificate); ERROR lines still show.
 * {@code clicktype.batch.enabled=false} leaves logging alone.
 */
public final class ClickHouseClientLogLevels implements EnvironmentPostProcessor {

    /** The property source's name; last in the environment, so every other source wins. */
    static final String SOURCE = "clicktype-batch-client-log-levels";
    static final String CLIENT_HELPER = "logging.level.com.clickhouse.client.api.internal.HttpAPIClientHelper";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("clicktype.batch.enabled", Boolean.class, true)
                || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(CLIENT_HELPER, "error")));
    }
}
