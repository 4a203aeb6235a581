package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.ConfigValueException;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import io.clicktype.batch.autoconfigure.ClickTypeBatchProperties.TableProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code clicktype.batch.*} and {@code clicktype.batch.tables.<table>.*} into the core
 * {@link BatchConfig} of one table: the one place where properties meet the core, so that the core's
 * validation is the only one, and its message is reported against the property that was set.
 */
public final class BatchConfigFactory {

    private final ClickTypeBatchProperties properties;
    private final String applicationName;

    public BatchConfigFactory(ClickTypeBatchProperties properties) {
        this(properties, null);
    }

    /**
     * @param applicationName {@code spring.application.name}, or {@code null}: the default write-ahead log
     *                        directory is {@link WalConfig#defaultDirectory(String)}
     */
    public BatchConfigFactory(ClickTypeBatchProperties properties, String applicationName) {
        this.properties = properties;
        this.applicationName = applicationName;
    }

    /**
     * The configuration of {@code table}: the table's overrides over the global values.
     *
     * @throws InvalidConfigurationPropertyValueException naming the property whose value is out of range
     */
    public BatchConfig forTable(String table) {
        TableProperties overrides = properties.getTables().getOrDefault(table, new TableProperties());
        String prefix = properties.getTables().containsKey(table) ? "clicktype.batch.tables." + table + "." : null;
        BatchConfig.Builder builder = BatchConfig.builder();
        Applier apply = new Applier(prefix);
        apply.value("validation", overrides::getValidation, properties::getValidation, builder::validation);
        apply.value("deduplication", () -> null, properties::getDeduplication, builder::deduplication);
        apply.value("insert-mode", overrides::getInsertMode, properties::getInsertMode, builder::insertMode);
        apply.value("max-rows", overrides::getMaxRows, properties::getMaxRows, builder::maxRows);
        apply.bytes("max-buffer-size", overrides::getMaxBufferSize, properties::getMaxBufferSize,
                v -> builder.maxBufferSize(v));
        apply.value("max-wait", overrides::getMaxWait, properties::getMaxWait, builder::maxWait);
        apply.value("min-rows", overrides::getMinRows, properties::getMinRows, builder::minRows);
        apply.value("max-linger", overrides::getMaxLinger, properties::getMaxLinger, builder::maxLinger);
        apply.value("queue-capacity", overrides::getQueueCapacity, properties::getQueueCapacity,
                builder::queueCapacity);
        apply.value("max-block", overrides::getMaxBlock, properties::getMaxBlock, builder::maxBlock);
        apply.value("max-retries", overrides::getMaxRetries, properties::getMaxRetries, builder::maxRetries);
        apply.value("retry-base-delay", overrides::getRetryBaseDelay, properties::getRetryBaseDelay,
                builder::retryBaseDelay);
        apply.value("retry-max-delay", overrides::getRetryMaxDelay, properties::getRetryMaxDelay,
                builder::retryMaxDelay);
        apply.bytes("initial-buffer-size", overrides::getInitialBufferSize, properties::getInitialBufferSize,
                v -> builder.initialBufferSize((int) Math.min(v, Integer.MAX_VALUE)));
        apply.bytes("buffer-shrink-threshold", overrides::getBufferShrinkThreshold,
                properties::getBufferShrinkThreshold, builder::bufferShrinkThreshold);
        apply.value("shutdown-timeout", overrides::getShutdownTimeout, properties::getShutdownTimeout,
                builder::shutdownTimeout);
        apply.value("durability", overrides::getDurability, properties::getDurability, builder::durability);
        apply.value("format", overrides::getFormat, properties::getFormat, builder::format);
        apply.value("inserts-in-flight", overrides::getInsertsInFlight, properties::getInsertsInFlight,
                builder::insertsInFlight);
        WalSettings wal = new WalSettings();
        apply.value("wal.fsync", overrides.getWal()::getFsync, properties.getWal()::getFsync, v -> wal.fsync = v);
        apply.value("wal.fsync-interval", overrides.getWal()::getFsyncInterval, properties.getWal()::getFsyncInterval,
                v -> wal.fsyncInterval = v);
        apply.bytes("wal.max-size", overrides.getWal()::getMaxSize, properties.getWal()::getMaxSize,
                v -> wal.maxSize = v);
        apply.value("wal.directory", () -> null, this::walDirectory, v -> wal.directory = v);
        try {
            return builder.wal(new WalConfig(Path.of(wal.directory), wal.fsync, wal.fsyncInterval, wal.maxSize))
                    .build();
        } catch (ConfigValueException e) {
            String property = apply.propertyOf(e.field());
            throw new InvalidConfigurationPropertyValueException(property, apply.valueOf(property), e.getMessage());
        }
    }

    /** The write-ahead log directory: {@code clicktype.batch.wal.directory}, else one per application under tmp. */
    private String walDirectory() {
        String directory = properties.getWal().getDirectory();
        return directory != null ? directory : WalConfig.defaultDirectory(applicationName).toString();
    }

    /** The write-ahead log values of one table, collected before they become a {@link WalConfig}. */
    private static final class WalSettings {
        private String directory;
        private WalFsync fsync;
        private Duration fsyncInterval;
        private long maxSize;
    }

    /** Records which property (global or per-table) supplied each value, to name it in errors. */
    private final class Applier {
        private final String tablePrefix;
        private final Map<String, String> sources = new HashMap<>();
        private final Map<String, Object> values = new HashMap<>();

        Applier(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        <V> void value(String name, Supplier<V> table, Supplier<V> global, Consumer<V> target) {
            V override = table.get();
            V value = override != null ? override : global.get();
            sources.put(name, (override != null ? tablePrefix : "clicktype.batch.") + name);
            values.put(name, value instanceof Duration || value instanceof DataSize ? value.toString() : value);
            if (value != null) { // unset: the core's default, which may follow other values (min-rows, max-linger)
                target.accept(value);
            }
        }

        void bytes(String name, Supplier<DataSize> table, Supplier<DataSize> global, Consumer<Long> target) {
            value(name, table, global, size -> target.accept(size.toBytes()));
        }

        /** The property behind a core field such as {@code maxRows}. */
        String propertyOf(String field) {
            String kebab = field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            return sources.getOrDefault(kebab, "clicktype.batch");
        }

        Object valueOf(String property) {
            for (Map.Entry<String, String> source : sources.entrySet()) {
                if (source.getValue().equals(property)) {
                    return values.get(source.getKey());
                }
            }
            return null;
        }
    }
}
