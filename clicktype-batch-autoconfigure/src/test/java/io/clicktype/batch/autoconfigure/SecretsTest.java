package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.autoconfigure.endpoint.ClickTypeEndpoint;
import io.clicktype.batch.autoconfigure.entities.Click;
import io.clicktype.batch.autoconfigure.entities.PageView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

/**
 * Passwords never appear in any output: logs (the ClickHouse client's DEBUG lines included), health, the
 * {@code clicktype} endpoint, {@code configprops} and {@code env} (set to show values), nor spill and write-ahead
 * log files — whether the password is a property, a trust store's, or the user info of the url.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTest {

    private static final String URL_SECRET = "url-s3cret-71";
    private static final String PROPERTY_SECRET = "prop-s3cret-72";
    private static final String TRUST_SECRET = "trust-s3cret-73";
    private static final List<String> SECRETS = List.of(URL_SECRET, PROPERTY_SECRET, TRUST_SECRET);

    @TempDir
    Path dir;

    private final Map<String, Level> saved = new java.util.HashMap<>();

    @BeforeEach
    void verboseLogs() {
        for (String name : new String[] {"com.clickhouse", "org.apache.hc", "io.clicktype"}) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            saved.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void restoreLogs() {
        saved.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    private ApplicationContextRunner actuator() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                        ClickTypeBatchHealthAutoConfiguration.class, ClickTypeBatchEndpointAutoConfiguration.class,
                        ClickTypeBatchSanitizingAutoConfiguration.class, EndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=*",
                        "management.endpoint.configprops.show-values=always",
                        "management.endpoint.env.show-values=always",
                        "clicktype.batch.spill.directory=" + dir.resolve("spill"));
    }

    /** Everything an operator can read from a context: health, the endpoint, configprops, env. */
    private static String outputs(ApplicationContext context) {
        StringBuilder all = new StringBuilder();
        CompositeHealthContributor health = context.getBean("clicktypeHealthContributor",
                CompositeHealthContributor.class);
        health.stream().forEach(entry -> {
            if (entry.contributor() instanceof HealthIndicator indicator) {
                all.append(entry.name()).append(indicator.health(true)).append('\n');
            }
        });
        all.append(context.getBean(ClickTypeEndpoint.class).tables()).append('\n');
        context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties().getContexts().values()
                .forEach(c -> c.getBeans().values().forEach(b -> all.append(b.getProperties()).append(b.getInputs())));
        context.getBean(EnvironmentEndpoint.class).environment(null).getPropertySources().forEach(source ->
                source.getProperties().forEach((key, value) -> all.append(key).append('=').append(value.getValue())
                        .append('\n')));
        return all.toString();
    }

    @Test
    void aPasswordInTheUrlsUserInfoIsNowhere(CapturedOutput output) {
        actuator().withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.none",
                        "clicktype.batch.clickhouse.url=http://ingest:" + URL_SECRET + "@127.0.0.1:1",
                        "clicktype.batch.clickhouse.connect-timeout=200ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ClickHouseTransport.class).toString()).contains("127.0.0.1:1");
                    String shown = outputs(context);
                    // the server health really tried, and failed, naming the endpoint
                    assertThat(shown).contains("ClickHouse cannot be queried", "http://127.0.0.1:1",
                            "clicktype.batch.clickhouse.url=http://127.0.0.1:1");
                    assertThat(shown).doesNotContain(SECRETS);
                });
        assertThat(output.getAll()).contains("127.0.0.1:1").doesNotContain(SECRETS);
    }

    @Test
    void aPasswordPropertyIsNowhere(CapturedOutput output) {
        actuator().withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.none",
                        "clicktype.batch.clickhouse.url=http://127.0.0.1:1",
                        "clicktype.batch.clickhouse.username=ingest",
                        "clicktype.batch.clickhouse.password=" + PROPERTY_SECRET,
                        "clicktype.batch.clickhouse.connect-timeout=200ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String shown = outputs(context);
                    assertThat(shown).contains("ClickHouse cannot be queried", "clicktype.batch.clickhouse.password=******");
                    assertThat(shown).doesNotContain(SECRETS);
                });
        assertThat(output.getAll()).doesNotContain(SECRETS);
    }

    @Test
    void trustStorePasswordsAreNotInStartupFailures(CapturedOutput output) {
        Path store = dir.resolve("trust.p12");
        actuator().withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.none",
                        "clicktype.batch.clickhouse.url=https://127.0.0.1:1",
                        "clicktype.batch.clickhouse.username=ingest",
                        "clicktype.batch.clickhouse.password=" + PROPERTY_SECRET,
                        "clicktype.batch.clickhouse.trust-store=" + store,
                        "clicktype.batch.clickhouse.trust-store-password=" + TRUST_SECRET,
                        "clicktype.batch.clickhouse.connect-timeout=200ms")
                .run(context -> {
                    // the trust store does not exist: the start fails, and says so without the passwords
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        messages.append(t).append('\n');
                    }
                    assertThat(messages.toString()).contains(store.toString()).doesNotContain(SECRETS);
                });
        assertThat(output.getAll()).doesNotContain(SECRETS);
    }

    @Test
    void passwordsAreNotWrittenToSpillOrLogFiles(CapturedOutput output) throws Exception {
        FakeTransport transport = new FakeTransport();
        actuator().withBean(ClickHouseTransport.class, () -> transport)
                .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                        "clicktype.batch.clickhouse.url=http://ingest:" + URL_SECRET + "@127.0.0.1:1",
                        "clicktype.batch.durability=wal", "clicktype.batch.wal.directory=" + dir.resolve("wal"),
                        "clicktype.batch.tables.clicks.durability=memory", "clicktype.batch.max-retries=0",
                        "clicktype.batch.shutdown-timeout=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    BatcherHandle<PageView> views = context.getBean("pageViewsBatcherHandle", BatcherHandle.class);
                    @SuppressWarnings("unchecked")
                    BatcherHandle<Click> clicks = context.getBean("clicksBatcherHandle", BatcherHandle.class);
                    transport.down = true;
                    views.insert(new PageView(1, "/secret-free"));
                    clicks.insert(new Click(2, "buy"));
                    clicks.flush().toCompletableFuture().handle((ok, e) -> null).get(10, TimeUnit.SECONDS);
                    assertThat(outputs(context)).doesNotContain(SECRETS);
                });
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".wal")).anyMatch(f -> f.toString().endsWith(".spill"));
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(SECRETS).doesNotContain("ingest");
        }
        assertThat(output.getAll()).doesNotContain(SECRETS);
    }
}
