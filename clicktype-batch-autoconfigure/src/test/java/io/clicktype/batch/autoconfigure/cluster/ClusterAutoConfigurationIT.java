package io.clicktype.batch.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.autoconfigure.ClickTypeBatchAutoConfiguration;
import io.clicktype.batch.autoconfigure.ClickTypeBatchEndpointAutoConfiguration;
import io.clicktype.batch.autoconfigure.ClickTypeBatchHealthAutoConfiguration;
import io.clicktype.batch.autoconfigure.ClickTypeBatchMetricsAutoConfiguration;
import io.clicktype.batch.autoconfigure.endpoint.ClickTypeEndpoint;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseCluster;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What a user configures in application.yml for a cluster (url of its nodes, {@code cluster},
 * {@code cluster-mode: direct}) ingests into every shard, and health, meters and the endpoint show each node.
 */
@ClickHouseTest
class ClusterAutoConfigurationIT {

    /** A row of the cluster's {@code events} (Distributed over {@code events_local}). */
    @ClickTable("events")
    public record Event(long id) {
    }

    @TempDir
    Path spill;

    @Test
    void directModeFromPropertiesWritesEveryShardAndShowsEachNode(ClickHouseServer server) {
        ClickHouseAssumptions.assumeCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        cluster.createReplicatedTable("boot_cluster", "events_local", "events", "id UInt64", "id", "id");
        int rows = 10_000;

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                        ClickTypeBatchMetricsAutoConfiguration.class, ClickTypeBatchHealthAutoConfiguration.class,
                        ClickTypeBatchEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("clicktype.batch.packages=" + Event.class.getPackageName(),
                        "clicktype.batch.spill.directory=" + spill,
                        "clicktype.batch.max-rows=500",
                        "clicktype.batch.clickhouse.url=" + String.join(",", cluster.httpUrls()),
                        "clicktype.batch.clickhouse.database=boot_cluster",
                        "clicktype.batch.clickhouse.cluster=" + ClickHouseCluster.NAME,
                        "clicktype.batch.clickhouse.cluster-mode=direct",
                        "management.endpoints.web.exposure.include=*")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    BatcherHandle<Event> handle = context.getBean(BatcherHandle.class);
                    for (long id = 0; id < rows; id++) {
                        handle.insert(new Event(id));
                    }
                    handle.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);

                    HealthIndicator clusterHealth = (HealthIndicator) context.getBean("clicktypeHealthContributor",
                            CompositeHealthContributor.class).getContributor("cluster");
                    assertThat(clusterHealth.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(clusterHealth.health().getDetails()).containsKeys("shard 1", "shard 2");

                    // Meters are bound before the batchers start, and again when the application is ready.
                    context.getBean(io.clicktype.batch.autoconfigure.metrics.ClusterMetrics.class)
                            .onApplicationEvent(null);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    double sent = registry.find("clicktype.batch.cluster.node.rows").functionCounters().stream()
                            .mapToDouble(c -> c.count()).sum();
                    assertThat(sent).isEqualTo(rows);
                    assertThat(registry.find("clicktype.batch.cluster.node.up").gauges()).hasSize(4);

                    Map<String, Object> table = tableOf(context.getBean(ClickTypeEndpoint.class).tables());
                    @SuppressWarnings("unchecked")
                    List<ClusterNodeState> nodes = (List<ClusterNodeState>) table.get("clusterNodes");
                    assertThat(nodes).hasSize(4).allSatisfy(node -> assertThat(node.endpoint()).startsWith("http://"));
                    assertThat(nodes.stream().filter(n -> n.shard() == 1).mapToLong(ClusterNodeState::rowsSent).sum())
                            .isPositive();
                    assertThat(nodes.stream().filter(n -> n.shard() == 2).mapToLong(ClusterNodeState::rowsSent).sum())
                            .isPositive();
                });

        // Through the Distributed table, which may ask a replica still fetching the newest parts.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                cluster.node(1, 1).server().execute("SELECT count() FROM boot_cluster.events").trim())
                .isEqualTo(Integer.toString(rows)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tableOf(Map<String, Object> tables) {
        return (Map<String, Object>) tables.values().iterator().next();
    }
}
