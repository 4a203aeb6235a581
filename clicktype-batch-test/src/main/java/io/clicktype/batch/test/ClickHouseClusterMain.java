package io.clicktype.batch.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a test cluster ({@link ClickHouseCluster}) for trying cluster mode by hand and for the cluster benchmark:
 * with {@code -DCLICKHOUSE_SERVER=chdb} 2 shards × 1 replica of ClickHouse 26.7 from chDB, else 2 shards × 2
 * replicas of {@code clickhouse-server} from PATH (Debian's 18.16) with ZooKeeper. Prints
 * {@code CLICKHOUSE_CLUSTER_URLS=<url,url,...>}, {@code CLICKHOUSE_CLUSTER=<name>} and one line per node, then reads
 * commands from standard input until it ends or the process is stopped: {@code stop <shard> <replica>} (SIGKILL,
 * as a crash), {@code start <shard> <replica>} (again, on its data), {@code sql <shard> <replica> <statement>},
 * {@code all <statement>} (on every node: the test cluster's 18.16 nodes, on 127.0.0.N, do not recognise
 * themselves in {@code ON CLUSTER} DDL).
 * Stopping this process stops the whole cluster.
 */
public final class ClickHouseClusterMain {

    private ClickHouseClusterMain() {
    }

    /** Entry point; takes no arguments. */
    public static void main(String[] args) throws IOException, InterruptedException {
        String route = System.getProperty("CLICKHOUSE_SERVER", System.getenv("CLICKHOUSE_SERVER"));
        ClickHouseCluster cluster = ClickHouseServers.CHDB.equals(route) ? ClickHouseCluster.startChdb(2)
                : ClickHouseCluster.start(2, 2);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "clickhouse-test-cluster-shutdown"));
        System.out.println("CLICKHOUSE_CLUSTER_URLS=" + String.join(",", cluster.httpUrls()));
        System.out.println("CLICKHOUSE_CLUSTER=" + cluster.name());
        for (ClickHouseCluster.Node node : cluster.nodes()) {
            System.out.println("node " + node);
        }
        System.out.println("commands: stop <shard> <replica> | start <shard> <replica> | sql <shard> <replica> <statement>"
                + " | all <statement>");
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String[] words = line.trim().split("\\s+", 4);
            try {
                if (words[0].equals("all")) {
                    cluster.executeOnEveryNode(line.trim().substring(3).trim());
                    System.out.println("ok " + line.trim());
                    continue;
                }
                ClickHouseCluster.Node node = cluster.node(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                switch (words[0]) {
                    case "stop" -> node.server().stop();
                    case "start" -> node.server().start();
                    case "sql" -> System.out.print(node.server().execute(words[3]));
                    default -> throw new IllegalArgumentException("unknown command " + words[0]);
                }
                System.out.println("ok " + line.trim());
            } catch (RuntimeException e) {
                System.out.println("error " + line.trim() + ": " + e.getMessage());
            }
            System.out.flush();
        }
        new CountDownLatch(1).await();
    }
}
