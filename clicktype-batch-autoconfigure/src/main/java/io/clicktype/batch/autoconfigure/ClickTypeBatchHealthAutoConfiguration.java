package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.DiskSpill;
import io.clicktype.batch.autoconfigure.health.BatcherHealthIndicator;
import io.clicktype.batch.autoconfigure.health.ClusterHealthIndicator;
import io.clicktype.batch.autoconfigure.health.ServerHealthIndicator;
import io.clicktype.batch.autoconfigure.health.SpillHealthIndicator;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code clicktype} health contributor: {@code server} (one ping per check), {@code spill} and
 * {@code tables} (one entry per table, from the batcher's own outcomes). Only with Actuator's health module.
 */
@AutoConfiguration(after = ClickTypeBatchAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(BatcherLifecycle.class)
@ConditionalOnEnabledHealthIndicator("clicktype")
public final class ClickTypeBatchHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "clicktypeHealthContributor")
    CompositeHealthContributor clicktypeHealthContributor(ObjectProvider<Batcher<?>> batchers,
            ClickHouseTransport transport, ObjectProvider<DiskSpill> spill, ClickTypeBatchProperties properties) {
        // Tables in a group of their own, so that a table named "server" or "spill" cannot hide those entries.
        Map<String, HealthIndicator> tables = new LinkedHashMap<>();
        DiskSpill disk = spill.getIfAvailable();
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            tables.put(batcher.table().toString(), new BatcherHealthIndicator(batcher, disk));
        }
        Map<String, HealthContributor> entries = new LinkedHashMap<>();
        entries.put("server", new ServerHealthIndicator(transport));
        if (disk != null) {
            entries.put("spill", new SpillHealthIndicator(disk));
        }
        if (org.springframework.util.StringUtils.hasText(properties.getClickhouse().getCluster())) {
            entries.put("cluster", new ClusterHealthIndicator(transport));
        }
        entries.put("tables", CompositeHealthContributor.fromMap(tables));
        return CompositeHealthContributor.fromMap(entries);
    }
}
