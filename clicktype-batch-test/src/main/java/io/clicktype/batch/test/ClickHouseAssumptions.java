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
     * Skips unless this run is the one with the test cluster ({@link ClickHouseCluster}): its nodes are
     * {@code clickhouse-server} processes (Debian's 18.16), so cluster tests run in the {@code local-binary} run
     * and are skipped, with this reason, in the others (the chDB library cannot serve as a replicated node).
     */
    public static void assumeCluster(ClickHouseServer server) {
        assume(ClickHouseServers.LOCAL_BINARY.equals(server.source()) && ClickHouseCluster.available(), server,
                "is not the run with the test cluster",
                "cluster tests run in the local-binary run (scripts/test runs it), on four clickhouse-server nodes "
                        + "and ZooKeeper (docs/cluster.md)");
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
