package io.clicktype.batch.test;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a test, loudly, when the server lacks a feature: the test is reported SKIPPED (never passed)
 * with the reason, and the reason is logged at WARN.
 */
public final class ClickHouseAssumptions {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseAssumptions.class);

    private ClickHouseAssumptions() {
    }

    /** Skips unless the server knows the data type family, e.g. {@code DateTime64}. */
    public static void assumeType(ClickHouseServer server, String family) {
        assume(server.supportsType(family), server, "has no type " + family);
    }

    /** Skips unless the server knows the setting, e.g. {@code async_insert}. */
    public static void assumeSetting(ClickHouseServer server, String setting) {
        assume(server.supportsSetting(setting), server, "has no setting " + setting);
    }

    /** Skips unless the server knows the data format, e.g. {@code RowBinaryWithNamesAndTypes}. */
    public static void assumeFormat(ClickHouseServer server, String format) {
        assume(server.supportsFormat(format), server, "has no format " + format);
    }

    /** Skips unless the server can be stopped and started by the test (a local process). */
    public static void assumeRestartable(ClickHouseServer server) {
        assume(server.canRestart(), server, "cannot be stopped and restarted by tests",
                "only a server the harness started itself can (routes local-binary and chdb; not CLICKHOUSE_URL or "
                        + "Testcontainers)");
    }

    /**
     * Skips unless the harness can start a test cluster ({@link ClickHouseCluster#shared()}) of this run's server:
     * {@code clickhouse-server} nodes in the {@code local-binary} run, chDB nodes in the {@code chdb} run; not
     * for {@code CLICKHOUSE_URL} or Testcontainers.
     */
    public static void assumeCluster(ClickHouseServer server) {
        boolean local = ClickHouseServers.LOCAL_BINARY.equals(server.source()) && ClickHouseCluster.available();
        assume(local || ClickHouseServers.CHDB.equals(server.source()), server,
                "is not one the harness can start a cluster of",
                "cluster tests run in the local-binary and chdb runs of scripts/test (docs/cluster.md)");
    }

    /**
     * As {@link #assumeCluster}, and skips unless its shards have several replicas with ZooKeeper: not in the
     * chDB (26.7) run, whose engine cannot fetch parts between replicas (docs/cluster.md).
     */
    public static void assumeReplicatedCluster(ClickHouseServer server) {
        assumeCluster(server);
        assume(!ClickHouseServers.CHDB.equals(server.source()), server,
                "cannot run as a replica (chDB's clickhouse-local has no interserver HTTP listener to fetch parts)",
                "replica tests run on the 18.16 cluster with ZooKeeper in the local-binary run");
    }

    /**
     * Skips unless the harness can start a server of this run's kind with an HTTPS interface: the {@code
     * local-binary} run (18.16) can; chDB's clickhouse-local (26.7) cannot, since its {@code SYSTEM START LISTEN}
     * opens only HTTP and TCP listeners (it refuses {@code HTTPS} with UNSUPPORTED_METHOD, and {@code QUERIES ALL}
     * ignores a configured {@code https_port}); see docs/security.md.
     */
    public static void assumeTls(ClickHouseServer server) {
        assume(ClickHouseServers.LOCAL_BINARY.equals(server.source()), server,
                "cannot serve HTTPS here (chDB's clickhouse-local opens only HTTP and TCP listeners: SYSTEM START "
                        + "LISTEN HTTPS is UNSUPPORTED_METHOD)",
                "TLS tests run on ClickHouse 18.16 in the local-binary run of scripts/test (docs/security.md)");
    }

    private static void assume(boolean condition, ClickHouseServer server, String lack) {
        assume(condition, server, lack, "scripts/test also runs every test on ClickHouse 26.7 (chdb), "
                + "where it runs");
    }

    private static void assume(boolean condition, ClickHouseServer server, String lack, String remedy) {
        if (!condition) {
            String reason = "SKIPPED: ClickHouse " + server.version() + " (" + server.source() + ") " + lack
                    + ": " + remedy;
            LOG.warn(reason);
            Assumptions.abort(reason);
        }
    }
}
