package io.clicktype.batch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.Batcher;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ClusterNodeState;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.DeliveryGuarantee;
import io.clicktype.batch.spi.ShardedTransport;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseCluster;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16's proof on a real cluster ({@link ClickHouseCluster}: 2 shards × 2 replicas of 18.16 with ZooKeeper;
 * in the 26.7 run 2 shards × 1 replica of chDB, MergeTree local tables without a deduplication window): rows
 * stream in while one replica is SIGKILLed and restarted and then a whole shard is down for 10 s. At the end every
 * accepted row is stored (distinct == accepted) and the replicas of each shard agree; in direct mode on the
 * replicated cluster exactly once (count == accepted), since a batch is only ever re-sent to a replica of the shard
 * that may have it. On the chDB cluster a node killed mid-insert could drop a retry if its MergeTree kept a token
 * window ({@link ClickHouseCluster#createShardedTables(String, String, String, String, String, String, boolean)}),
 * so there the tables keep none and the test proves at-least-once.
 */
@ClickHouseTest
class ClusterIngestIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterIngestIT.class);

    @ClickTable("events")
    record Event(long id, String payload) {
    }

    @ParameterizedTest
    @EnumSource(ClusterMode.class)
    void rowsSurviveAKilledReplicaAndAStoppedShard(ClusterMode mode, ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        String database = "ingest_" + mode.name().toLowerCase(Locale.ROOT);
        // no token window on the chDB cluster's MergeTree tables: killed mid-insert, such a server can drop a retry
        // (ClickHouseCluster.createShardedTables), so there this test proves at-least-once
        cluster.createShardedTables(database, "events_local", "events", "id UInt64, payload String", "id",
                "intHash64(id)", false);
        ConnectionConfig connection = ConnectionConfig.builder().endpoints(cluster.httpUrls()).database(database)
                .socketTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(1))
                .cluster(new ClusterConfig(ClickHouseCluster.NAME, mode, true, Duration.ofSeconds(5))).build();
        BatchConfig config = BatchConfig.builder().maxRows(2_000).maxWait(Duration.ofMillis(100)).maxRetries(200)
                .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(500))
                .maxBlock(Duration.ofSeconds(30)).build();

        AtomicLong accepted = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        boolean exactlyOnce;
        try (ShardedTransport transport = ClickHouseTransports.cluster(connection);
                Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build()) {
            BatcherHandle<Event> handle = batcher.start();
            exactlyOnce = batcher.delivery().guarantee() == DeliveryGuarantee.EXACTLY_ONCE;
            assertThat(exactlyOnce).isEqualTo(mode == ClusterMode.DIRECT && cluster.replicated());
            // both modes judge the shards' local table (a MergeTree): two inserts at once where the server checks
            // insert types itself (26.7), one on 18.16; the Distributed table is read through to its local table
            assertThat(batcher.insertsInFlight())
                    .isEqualTo(transport.serverInfo().supportsFormat("RowBinaryWithNamesAndTypes") ? 2 : 1);
            Thread producer = new Thread(() -> {
                try {
                    for (long id = 0; producing.get(); id++) {
                        handle.insert(new Event(id, "e" + id));
                        accepted.incrementAndGet();
                        if (id % 100 == 99) {
                            LockSupport.parkNanos(2_000_000); // load shape: about 50 000 rows/s
                        }
                    }
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            }, "cluster-producer");
            producer.start();
            awaitMoreAccepted(accepted, 20_000, producerFailure);

            if (cluster.replicated()) {
                // One replica of shard 1 is SIGKILLed; its shard goes on through the other (the chDB cluster has
                // one replica per shard, so there only the shard outage below applies).
                ClickHouseCluster.Node killed = cluster.node(1, 2);
                killed.server().stop();
                awaitMoreAccepted(accepted, 30_000, producerFailure);
                killed.server().start();
                awaitMoreAccepted(accepted, 10_000, producerFailure);
            }

            List<ClickHouseCluster.Node> shard = cluster.shard(2);
            shard.forEach(node -> node.server().stop());
            try {
                // The outage lasts 10 s and the producer never fails. In direct mode its rows keep being accepted
                // (batches go to the live shard); through the Distributed table (foreground inserts) they wait in
                // the queue, and insert() blocks, for as long as the shard is down.
                long before = accepted.get();
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                        .until(() -> producerFailure.get() == null);
                if (mode == ClusterMode.DIRECT) {
                    assertThat(accepted.get()).isGreaterThan(before);
                }
            } finally {
                shard.forEach(node -> node.server().start());
            }
            awaitMoreAccepted(accepted, 20_000, producerFailure);
            producing.set(false);
            producer.join(TimeUnit.SECONDS.toMillis(60));
            handle.flush().get(120, TimeUnit.SECONDS);

            assertThat(producerFailure.get()).isNull();
            assertThat(batcher.stats().lostRows()).isZero();
            assertThat(batcher.stats().failedRows()).isZero();
            List<ClusterNodeState> nodes = transport.clusterNodes();
            LOG.info("{} mode: nodes {}", mode, nodes);
            assertThat(nodes).hasSize(cluster.nodes().size());
            if (mode == ClusterMode.DIRECT) {
                assertThat(nodes).allSatisfy(node -> assertThat(node.batchesSent()).isPositive());
            }
        }

        long expected = accepted.get();
        for (int s = 1; s <= 2; s++) {
            List<ClickHouseCluster.Node> replicas = cluster.shard(s);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(replicas)
                    .allSatisfy(replica -> assertThat(count(replica, database)).isEqualTo(count(replicas.get(0),
                            database))));
        }
        String totals = cluster.node(1, 1).server().execute("SELECT count(), uniqExact(id) FROM " + database
                + ".events").trim();
        long rows = Long.parseLong(totals.split("\t")[0]);
        long distinct = Long.parseLong(totals.split("\t")[1]);
        LOG.info("{} mode: {} accepted, {} stored, {} distinct", mode, expected, rows, distinct);
        if (distinct != expected) {
            LOG.error("{} mode: ids missing, by 2000 (one shard's half of a batch has one remainder of intHash64): {}",
                    mode, cluster.node(1, 1).server().execute("SELECT intDiv(number, 2000) AS b, count(), min(number), "
                            + "max(number), groupUniqArray(intHash64(number) % 2) FROM numbers(" + expected + ") WHERE "
                            + "number NOT IN (SELECT id FROM " + database + ".events) GROUP BY b ORDER BY b"));
        }
        assertThat(distinct).isEqualTo(expected);
        if (exactlyOnce) {
            assertThat(rows).isEqualTo(expected);
        } else {
            assertThat(rows).isGreaterThanOrEqualTo(expected);
        }
    }

    /**
     * A replica that is up but has lost its ZooKeeper session refuses inserts (read-only, code 242): in direct
     * mode the same batch goes to the other replica at once, so even without any batcher retry nothing fails.
     */
    @org.junit.jupiter.api.Test
    void aReplicaCutOffFromZooKeeperIsReadOnlyAndItsBatchesGoToTheOtherReplica(ClickHouseServer server)
            throws Exception {
        ClickHouseAssumptions.assumeReplicatedCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        String database = "read_only_replica";
        cluster.createShardedTables(database, "events_local", "events", "id UInt64, payload String", "id",
                "intHash64(id)");
        ClickHouseCluster.Node cutOff = cluster.node(1, 1);
        ConnectionConfig connection = ConnectionConfig.builder().endpoints(cluster.httpUrls()).database(database)
                .cluster(ClusterConfig.of(ClickHouseCluster.NAME, ClusterMode.DIRECT)).build();
        BatchConfig noRetries = BatchConfig.builder().maxRows(1_000).maxRetries(0).build();
        int rows = 20_000;
        cluster.cutZooKeeper(cutOff);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> cutOff.server().execute("INSERT INTO " + database
                            + ".events_local VALUES (0, 'probe')")).hasMessageContaining("read"));
            try (ShardedTransport transport = ClickHouseTransports.cluster(connection);
                    Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(noRetries)
                            .build()) {
                BatcherHandle<Event> handle = batcher.start();
                for (long id = 1; id <= rows; id++) {
                    handle.insert(new Event(id, "e" + id));
                }
                handle.flush().get(60, TimeUnit.SECONDS);

                assertThat(batcher.stats().failedRows()).isZero();
                assertThat(batcher.stats().lostRows()).isZero();
                ClusterNodeState readOnly = transport.clusterNodes().get(0);
                ClusterNodeState otherReplica = transport.clusterNodes().get(1);
                assertThat(readOnly.failures()).isPositive();
                // 242 TABLE_IS_READ_ONLY once the replica noticed; 225 NO_ZOOKEEPER while its session is expiring
                // (seen on 18.16 in CI): the same condition, and both send the batch to the other replica
                assertThat(readOnly.lastError()).containsAnyOf("ClickHouse error 242", "ClickHouse error 225");
                assertThat(readOnly.batchesSent()).isZero();
                assertThat(otherReplica.batchesSent()).isPositive();
            }
        } finally {
            cluster.restoreZooKeeper(cutOff);
        }
        // Read through the Distributed table, which may ask a replica still fetching its shard's newest parts.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.node(1, 2).server().execute(
                "SELECT count(), uniqExact(id) FROM " + database + ".events WHERE id > 0").trim())
                .isEqualTo(rows + "\t" + rows));
    }

    /**
     * A replica that is up but lagging, refusing inserts with "too many parts" (code 252): its batches go to the
     * other replica at once, without batcher retries, and nothing fails. The lag is made with the replica's own
     * {@code parts_to_throw_insert = 1} and its merges stopped.
     */
    @org.junit.jupiter.api.Test
    void aLaggingReplicaWithTooManyPartsHandsItsBatchesToTheOtherReplica(ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeReplicatedCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        String database = "lagging_replica";
        ClickHouseCluster.Node lagging = cluster.node(1, 1);
        cluster.executeOnEveryNode("CREATE DATABASE IF NOT EXISTS " + database);
        for (ClickHouseCluster.Node node : cluster.nodes()) {
            node.server().execute("CREATE TABLE " + database + ".events_local (id UInt64, payload String) ENGINE = "
                    + "ReplicatedMergeTree('/clickhouse/tables/{shard}/" + database + ".events_local', '{replica}') "
                    + "ORDER BY id" + (node.equals(lagging) ? " SETTINGS parts_to_throw_insert = 1" : ""));
            node.server().execute("CREATE TABLE " + database + ".events AS " + database + ".events_local ENGINE = "
                    + "Distributed(" + ClickHouseCluster.NAME + ", " + database + ", events_local, id)");
        }
        lagging.server().execute("SYSTEM STOP MERGES " + database + ".events_local");
        lagging.server().execute("INSERT INTO " + database + ".events_local VALUES (0, 'a')");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lagging.server().execute("INSERT INTO " + database
                + ".events_local VALUES (0, 'b')")).hasMessageContaining("252");

        ConnectionConfig connection = ConnectionConfig.builder().endpoints(cluster.httpUrls()).database(database)
                .cluster(ClusterConfig.of(ClickHouseCluster.NAME, ClusterMode.DIRECT)).build();
        int rows = 20_000;
        try (ShardedTransport transport = ClickHouseTransports.cluster(connection);
                Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport)
                        .config(BatchConfig.builder().maxRows(1_000).maxRetries(0).build()).build()) {
            BatcherHandle<Event> handle = batcher.start();
            for (long id = 1; id <= rows; id++) {
                handle.insert(new Event(id, "e" + id));
            }
            handle.flush().get(60, TimeUnit.SECONDS);

            assertThat(batcher.stats().failedRows()).isZero();
            ClusterNodeState lag = transport.clusterNodes().get(0);
            assertThat(lag.failures()).isPositive();
            assertThat(lag.lastError()).contains("252");
            assertThat(lag.batchesSent()).isZero();
            assertThat(transport.clusterNodes().get(1).batchesSent()).isPositive();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.node(1, 2).server().execute(
                "SELECT count(), uniqExact(id) FROM " + database + ".events WHERE id > 0").trim())
                .isEqualTo(rows + "\t" + rows));
    }

    /**
     * Given only the first node's url, the others are reached by the port rule (their host, that url's port), which
     * on the test cluster, one port per node, finds nobody: each is asked at start, a WARN names it and the fix, and
     * its batches go to nodes that answer (in direct mode the first node's shard), so nothing is lost.
     */
    @org.junit.jupiter.api.Test
    void nodesReachedByThePortRuleAreAskedAtStartAndOnesThatDoNotAnswerAreNamed(ClickHouseServer server)
            throws Exception {
        ClickHouseAssumptions.assumeCluster(server);
        ClickHouseCluster cluster = ClickHouseCluster.shared();
        String database = "port_rule";
        cluster.createShardedTables(database, "events_local", "events", "id UInt64, payload String", "id", "id");
        ConnectionConfig connection = ConnectionConfig.builder().endpoints(List.of(cluster.node(1, 1).httpUrl()))
                .database(database).connectTimeout(Duration.ofSeconds(1))
                .cluster(ClusterConfig.of(ClickHouseCluster.NAME, ClusterMode.DIRECT)).build();
        ch.qos.logback.classic.Logger transportLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                "io.clicktype.batch.transport.cluster");   // the cluster transport's package: its classes log there
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
                new ch.qos.logback.core.read.ListAppender<>();
        warnings.start();
        transportLog.addAppender(warnings);
        int rows = 5_000;
        try (ShardedTransport transport = ClickHouseTransports.cluster(connection);
                Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport)
                        .config(BatchConfig.builder().maxRows(500).maxRetries(0).build()).build()) {
            BatcherHandle<Event> handle = batcher.start();
            for (long id = 1; id <= rows; id++) {
                handle.insert(new Event(id, "e" + id));
            }
            handle.flush().get(60, TimeUnit.SECONDS);
            assertThat(batcher.stats().failedRows()).isZero();
        } finally {
            transportLog.detachAppender(warnings);
        }
        List<String> guessed = warnings.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("by the port rule")).toList();
        assertThat(guessed).hasSize(cluster.nodes().size() - 1)
                .allSatisfy(message -> assertThat(message).contains("nothing answers as that node now",
                        "clicktype.batch.clickhouse.url"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.node(1, 1).server().execute(
                "SELECT count(), uniqExact(id) FROM " + database + ".events_local").trim())
                .isEqualTo(rows + "\t" + rows));
    }

    private static long count(ClickHouseCluster.Node node, String database) {
        return Long.parseLong(node.server().execute("SELECT count() FROM " + database + ".events_local").trim());
    }

    private static void awaitMoreAccepted(AtomicLong accepted, long more, AtomicReference<Throwable> failure) {
        long target = accepted.get() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (failure.get() != null) {
                throw new AssertionError("the producer failed", failure.get());
            }
            return accepted.get() >= target;
        });
    }
}
