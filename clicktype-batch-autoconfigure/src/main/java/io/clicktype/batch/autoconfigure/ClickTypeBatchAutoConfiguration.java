package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ConfigValueException;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.FailedBatchHandler;
import io.clicktype.batch.MemoryBudget;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.nio.file.Path;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of clicktype-batch: the transport, and one started {@code Batcher<T>} and
 * {@code BatcherHandle<T>} per {@code @ClickTable} type. Every bean backs off when the application
 * defines its own; {@code clicktype.batch.enabled=false} turns it all off.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "clicktype.batch.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClickTypeBatchProperties.class)
public final class ClickTypeBatchAutoConfiguration {

    /**
     * Adapts Boot's {@code JdbcConnectionDetails} (from {@code spring.datasource.*}, {@code @ServiceConnection}
     * or Docker Compose) when its url is {@code jdbc:clickhouse:} and {@code clicktype.batch.clickhouse.url} is
     * not set. Registered before the properties-only default below, which then backs off.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails")
    static final class JdbcConnectionDetailsAdapter {

        @Bean
        @ConditionalOnMissingBean(ClickHouseConnectionDetails.class)
        @ConditionalOnBean(JdbcConnectionDetails.class)
        ClickHouseConnectionDetails clickHouseConnectionDetails(ClickTypeBatchProperties properties,
                JdbcConnectionDetails jdbc, ObjectProvider<SslBundles> sslBundles) {
            return ConnectionConfigFactory.details(properties.getClickhouse(), jdbc.getJdbcUrl(), jdbc.getUsername(),
                    jdbc.getPassword(), "JdbcConnectionDetails (" + jdbc.getClass().getSimpleName() + ")",
                    sslBundle(properties, sslBundles));
        }
    }

    @Bean
    @ConditionalOnMissingBean(ClickHouseConnectionDetails.class)
    ClickHouseConnectionDetails clickHouseConnectionDetails(ClickTypeBatchProperties properties,
            Environment environment, ObjectProvider<SslBundles> sslBundles) {
        return ConnectionConfigFactory.details(properties.getClickhouse(), environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"), "spring.datasource.url",
                sslBundle(properties, sslBundles));
    }

    /** The bundle of {@code clicktype.batch.clickhouse.ssl.bundle}, or {@code null} when none is named. */
    static SslBundle sslBundle(ClickTypeBatchProperties properties, ObjectProvider<SslBundles> sslBundles) {
        String name = properties.getClickhouse().getSsl().getBundle();
        if (name == null || name.isBlank()) {
            return null;
        }
        SslBundles bundles = sslBundles.getIfAvailable();
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException("clicktype.batch.clickhouse.ssl.bundle", name,
                    "no SSL bundles are configured (spring.ssl.bundle.*)");
        }
        return bundles.getBundle(name);
    }

    @Bean
    @ConditionalOnMissingBean
    ClickHouseTransport clickTypeBatchTransport(ClickTypeBatchProperties properties,
            ObjectProvider<ClickHouseConnectionDetails> details, ListableBeanFactory beans) {
        ClickHouseConnectionDetails connection = details.getIfAvailable();
        if (connection == null || connection.getEndpoints() == null || connection.getEndpoints().isEmpty()) {
            throw new ClickHouseNotConfiguredException();
        }
        java.util.Map<String, io.clicktype.batch.ClusterMode> tableModes = new java.util.LinkedHashMap<>();
        properties.getTables().forEach((table, overrides) -> {
            if (overrides.getClusterMode() != null) {
                tableModes.put(table, overrides.getClusterMode());
            }
        });
        ConnectionConfig config = ConnectionConfigFactory.create(connection, properties.getClickhouse(), tableModes);
        int tables = beans.getBeanNamesForType(Batcher.class, true, false).length;
        return ClickHouseTransports.clientV2(config.toBuilder()
                .maxConnections(ConnectionConfigFactory.maxConnections(properties.getClickhouse(), tables)).build());
    }

    @Bean
    @ConditionalOnMissingBean
    BatchConfigFactory clickTypeBatchConfigFactory(ClickTypeBatchProperties properties, Environment environment) {
        BareDurations.warn(environment);
        return new BatchConfigFactory(properties, environment.getProperty("spring.application.name"));
    }

    @Bean
    @ConditionalOnMissingBean
    BatcherFactory clickTypeBatcherFactory(ClickHouseTransport transport, BatchConfigFactory configs,
            ObjectProvider<BatcherListener> listeners, ObjectProvider<FailedBatchHandler> failedBatchHandler,
            ObjectProvider<BatcherBuilderCustomizer> customizers, MemoryBudget memoryBudget) {
        return new BatcherFactory(transport, configs, listeners.orderedStream().toList(),
                failedBatchHandler.getIfUnique(), customizers.orderedStream().toList(), memoryBudget);
    }

    @Bean
    @ConditionalOnMissingBean
    MemoryBudget clickTypeBatchMemoryBudget(ClickTypeBatchProperties properties) {
        DataSize max = properties.getMemory().getMax();
        if (max == null) {
            return MemoryBudget.jvmDefault();
        }
        try {
            return MemoryBudget.ofMaxBytes(max.toBytes());
        } catch (ConfigValueException e) {
            throw new InvalidConfigurationPropertyValueException("clicktype.batch.memory.max", max, e.getMessage());
        }
    }

    @Bean
    @ConditionalOnMissingBean(FailedBatchHandler.class)
    @ConditionalOnBooleanProperty(name = "clicktype.batch.spill.enabled", matchIfMissing = true)
    DiskSpill clickTypeBatchDiskSpill(ClickTypeBatchProperties properties, ClickHouseTransport transport,
            Environment environment) {
        ClickTypeBatchProperties.SpillProperties spill = properties.getSpill();
        Path directory = spill.getDirectory() != null ? Path.of(spill.getDirectory())
                : DiskSpill.defaultDirectory(environment.getProperty("spring.application.name", "application"));
        try {
            return DiskSpill.builder(directory, transport).maxSize(spill.getMaxSize().toBytes())
                    .overflow(spill.getOverflow()).replayInterval(spill.getReplayInterval())
                    .missingTableTimeout(spill.getMissingTableTimeout()).build().start();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new InvalidConfigurationPropertyValueException("clicktype.batch.spill", directory, e.getMessage());
        }
    }

    @Bean
    static ClickTableBatcherRegistrar clickTableBatcherRegistrar() {
        return new ClickTableBatcherRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    BatcherLifecycle clickTypeBatcherLifecycle(ObjectProvider<Batcher<?>> batchers) {
        return new BatcherLifecycle(batchers);
    }
}
