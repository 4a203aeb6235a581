package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A table's own cluster mode and the defaults. */
class ClusterConfigTest {

    @Test
    void aTablesOwnModeIsFoundByQualifiedNameThenByNameElseTheClustersMode() {
        ClusterConfig config = new ClusterConfig("c", ClusterMode.DIRECT, false, null,
                Map.of("audit", ClusterMode.DISTRIBUTED, "db.raw", ClusterMode.DISTRIBUTED));

        assertThat(config.modeOf(new TableRef(null, "audit"))).isEqualTo(ClusterMode.DISTRIBUTED);
        assertThat(config.modeOf(new TableRef("x", "audit"))).isEqualTo(ClusterMode.DISTRIBUTED);
        assertThat(config.modeOf(new TableRef("db", "raw"))).isEqualTo(ClusterMode.DISTRIBUTED);
        assertThat(config.modeOf(new TableRef(null, "raw"))).isEqualTo(ClusterMode.DIRECT);
        assertThat(config.topologyRefresh()).isEqualTo(ClusterConfig.DEFAULT_TOPOLOGY_REFRESH);
    }
}
