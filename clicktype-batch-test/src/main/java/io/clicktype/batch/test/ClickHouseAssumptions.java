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

    /** Skips unless the server can be stopped and started by the test (a local process). */
    public static void assumeRestartable(ClickHouseServer server) {
        assume(server.canRestart(), server, "cannot be stopped and restarted by tests",
                "only a local clickhouse-server started by the harness can (no CLICKHOUSE_URL, no Docker, binary on PATH)");
    }

    private static void assume(boolean condition, ClickHouseServer server, String lack) {
        assume(condition, server, lack, "run with Docker, or CLICKHOUSE_URL pointing at a server >= 23.x, to test it");
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
