package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The client's per-request connect WARN lines are off by default, and the application's own level wins. */
class ClickHouseClientLogLevelsTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void theClientHelperLogsErrorsOnlyByDefault() {
        new ClickHouseClientLogLevels().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ClickHouseClientLogLevels.CLIENT_HELPER)).isEqualTo("error");
    }

    @Test
    void theApplicationsOwnLevelWins() {
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of(ClickHouseClientLogLevels.CLIENT_HELPER, "warn")));
        new ClickHouseClientLogLevels().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ClickHouseClientLogLevels.CLIENT_HELPER)).isEqualTo("warn");
    }

    @Test
    void turnedOffTheStarterLeavesLoggingAlone() {
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("clicktype.batch.enabled", "false")));
        new ClickHouseClientLogLevels().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ClickHouseClientLogLevels.CLIENT_HELPER)).isNull();
    }

    @Test
    void bootFindsIt() {
        // Boot's own post-processors need constructor arguments this bare lookup does not give: skipped
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(EnvironmentPostProcessor.class, null,
                (type, name, failure) -> { }))
                .hasAtLeastOneElementOfType(ClickHouseClientLogLevels.class);
    }
}
