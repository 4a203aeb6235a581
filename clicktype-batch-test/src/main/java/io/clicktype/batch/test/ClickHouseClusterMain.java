package io.clicktype.batch.test;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the test cluster ({@link ClickHouseCluster}: ZooKeeper and 2 shards × 2 replicas of
 * {@code clickhouse-server}), prints {@code CLICKHOUSE_CLUSTER_URLS=<url,url,...>} and
 * {@code CLICKHOUSE_CLUSTER=<name>}, and keeps it running until this process is stopped. Used by the cluster
 * benchmark (docs/benchmarks.md) and to try cluster mode by hand (docs/cluster.md).
 */
public final class ClickHouseClusterMain {

    private ClickHouseClusterMain() {
    }

    /** Entry point; takes no arguments. */
    public static void main(String[] args) throws InterruptedException {
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        System.out.println("CLICKHOUSE_CLUSTER_URLS=" + String.join(",", cluster.httpUrls()));
        System.out.println("CLICKHOUSE_CLUSTER=" + cluster.name());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
