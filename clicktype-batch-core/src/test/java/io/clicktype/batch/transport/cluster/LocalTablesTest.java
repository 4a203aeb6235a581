package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.TableEngine;
import org.junit.jupiter.api.Test;

class LocalTablesTest {

    private final FakeNode seed = new FakeNode("http://seed:8123");
    private final LocalTables tables = new LocalTables("events_cluster", seed);

    @Test
    void aDistributedTablesLocalTableIsItsThirdArgumentReadOnce() {
        seed.engine = new TableEngine("Distributed", "Distributed(events_cluster, analytics, events_local, rand())",
                "analytics");

        assertThat(tables.of(TableRef.of("events"))).isEqualTo(new TableRef("analytics", "events_local"));
        assertThat(tables.of(TableRef.of("events"))).isEqualTo(new TableRef("analytics", "events_local"));
        assertThat(seed.queries).hasSize(1);
    }

    @Test
    void withoutADatabaseArgumentTheLocalTableIsInTheNamedTablesDatabaseElseTheEnginesOne() {
        seed.engine = new TableEngine("Distributed", "Distributed(events_cluster, currentDatabase(), events_local)",
                "ingest");

        assertThat(tables.of(new TableRef("db", "events"))).isEqualTo(new TableRef("db", "events_local"));
        assertThat(tables.of(TableRef.of("other"))).isEqualTo(new TableRef("ingest", "events_local"));
    }

    @Test
    void anyOtherTableIsItsOwnLocalTable() {
        seed.engine = new TableEngine("ReplicatedMergeTree", "ReplicatedMergeTree('/p', '{replica}') ORDER BY id");

        assertThat(tables.of(TableRef.of("events_local"))).isEqualTo(TableRef.of("events_local"));
        seed.engine = null;
        assertThat(tables.of(TableRef.of("missing"))).isEqualTo(TableRef.of("missing"));
    }

    @Test
    void aDistributedTableOverAnotherClusterIsRefusedNamingBoth() {
        seed.engine = new TableEngine("Distributed", "Distributed(other_cluster, db, events_local)");

        assertThatThrownBy(() -> tables.of(TableRef.of("events"))).isInstanceOf(TransportException.class)
                .hasMessageContaining("cluster 'other_cluster'").hasMessageContaining("'events_cluster'")
                .satisfies(e -> assertThat(((TransportException) e).retryable()).isFalse());
    }
}
