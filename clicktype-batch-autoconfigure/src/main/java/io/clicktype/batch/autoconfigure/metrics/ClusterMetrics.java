package io.clicktype.batch.autoconfigure.metrics;

import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ShardedTransport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Meters per node of the cluster the transport writes to (none for a single server), tagged {@code shard},
 * {@code replica} and {@code endpoint}: {@code clicktype.batch.cluster.node.up} (gauge, 1 or 0),
 * {@code clicktype.batch.cluster.node.batches}, {@code clicktype.batch.cluster.node.rows} and
 * {@code clicktype.batch.cluster.node.failures} (counters). The nodes are known once the topology has been read
 * (when the batchers start), so meters are registered when the registry is bound and again when the application
 * is ready; a node that joins later gets its meters at the next application start.
 */
public class ClusterMetrics implements MeterBinder, ApplicationListener<ApplicationReadyEvent> {

    private final ObjectProvider<ClickHouseTransport> transports;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public ClusterMetrics(ObjectProvider<ClickHouseTransport> transports) {
        this.transports = transports;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        registerNodes();
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        registerNodes();
    }

    private void registerNodes() {
        MeterRegistry target = registry;
        ClickHouseTransport transport = transports.getIfAvailable();
        if (target == null || !(transport instanceof ShardedTransport cluster)) {
            return;
        }
        for (ClusterNodeState node : cluster.clusterNodes()) {
            if (!registered.add(node.shard() + "/" + node.replica())) {
                continue;
            }
            Tags tags = Tags.of("shard", Integer.toString(node.shard()), "replica", Integer.toString(node.replica()),
                    "endpoint", node.endpoint());
            int shard = node.shard();
            int replica = node.replica();
            Gauge.builder("clicktype.batch.cluster.node.up", cluster, t -> value(t, shard, replica,
                    n -> n.up() ? 1 : 0)).tags(tags).register(target);
            FunctionCounter.builder("clicktype.batch.cluster.node.batches", cluster, t -> value(t, shard, replica,
                    ClusterNodeState::batchesSent)).tags(tags).register(target);
            FunctionCounter.builder("clicktype.batch.cluster.node.rows", cluster, t -> value(t, shard, replica,
                    ClusterNodeState::rowsSent)).baseUnit("rows").tags(tags).register(target);
            FunctionCounter.builder("clicktype.batch.cluster.node.failures", cluster, t -> value(t, shard, replica,
                    ClusterNodeState::failures)).tags(tags).register(target);
        }
    }

    private static double value(ShardedTransport transport, int shard, int replica,
            ToDoubleFunction<ClusterNodeState> metric) {
        for (ClusterNodeState node : transport.clusterNodes()) {
            if (node.shard() == shard && node.replica() == replica) {
                return metric.applyAsDouble(node);
            }
        }
        return Double.NaN;
    }
}
