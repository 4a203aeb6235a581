package io.clicktype.batch.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.spi.TableEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InsertConcurrencyTest {

    private static TableEngine engine(String name, String definition, Boolean views) {
        return new TableEngine(name, definition, "default", views);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "MergeTree | MergeTree ORDER BY id SETTINGS index_granularity = 8192 | 2",
            "ReplicatedMergeTree | ReplicatedMergeTree('/clickhouse/tables/{shard}/events', '{replica}') ORDER BY id | 2",
            "SharedMergeTree | SharedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}') ORDER BY id | 2",
            "SummingMergeTree | SummingMergeTree ORDER BY id | 2",
            "VersionedCollapsingMergeTree | VersionedCollapsingMergeTree(sign, version) ORDER BY id | 2",
            "ReplacingMergeTree | ReplacingMergeTree(version) ORDER BY id | 2",
            "ReplacingMergeTree | ReplacingMergeTree(version, is_deleted) ORDER BY id | 2",
            "ReplicatedReplacingMergeTree | ReplicatedReplacingMergeTree('/t/{shard}', '{replica}', version) ORDER BY id | 2",
            "ReplacingMergeTree | ReplacingMergeTree ORDER BY id | 1",
            "ReplacingMergeTree | ReplacingMergeTree() ORDER BY id | 1",
            "ReplicatedReplacingMergeTree | ReplicatedReplacingMergeTree('/t/{shard}', '{replica}') ORDER BY id | 1",
            "CollapsingMergeTree | CollapsingMergeTree(sign) ORDER BY id | 1",
            "AggregatingMergeTree | AggregatingMergeTree ORDER BY id | 1",
            "GraphiteMergeTree | GraphiteMergeTree('graphite_rollup') ORDER BY id | 1",
            "Distributed | Distributed(cluster, default, events_local, rand()) | 1",
            "Log | Log | 1",
            "Memory | Memory | 1",
            "Null | Null | 1",
    })
    void autoRunsTwoInsertsOnlyWhereTheOrderOfInsertsCannotChangeTheTable(String name, String definition, int expected) {
        InsertConcurrency.Decision decision = InsertConcurrency.decide(engine(name, definition, false),
                BatchConfig.INSERTS_IN_FLIGHT_AUTO, true);

        assertThat(decision.insertsInFlight()).isEqualTo(expected);
        assertThat(decision.warning()).isNull();
        assertThat(decision.reason()).contains(name);
    }

    @Test
    void aDistributedTableIsJudgedByItsLocalTableAndTheViewsReadingEither() {
        TableEngine distributed = engine("Distributed", "Distributed(c, db, events_local, intHash64(id))", false);
        InsertConcurrency.Decision overMergeTree = InsertConcurrency.decide(distributed,
                engine("ReplicatedMergeTree", "ReplicatedMergeTree('/t/{shard}', '{replica}') ORDER BY id", false),
                BatchConfig.INSERTS_IN_FLIGHT_AUTO, true);
        assertThat(overMergeTree.insertsInFlight()).isEqualTo(2);
        assertThat(overMergeTree.reason()).isEqualTo("Distributed over ReplicatedMergeTree, no materialized views");

        InsertConcurrency.Decision overReplacing = InsertConcurrency.decide(distributed,
                engine("ReplacingMergeTree", "ReplacingMergeTree ORDER BY id", false),
                BatchConfig.INSERTS_IN_FLIGHT_AUTO, true);
        assertThat(overReplacing.insertsInFlight()).isEqualTo(1);
        assertThat(overReplacing.reason()).contains("Distributed over a table where")
                .contains("without a version column");

        assertThat(InsertConcurrency.decide(distributed, engine("MergeTree", "MergeTree ORDER BY id", true),
                BatchConfig.INSERTS_IN_FLIGHT_AUTO, true).reason()).contains("materialized views read each insert");
        assertThat(InsertConcurrency.decide(engine("Distributed", "Distributed(c, db, t)", true),
                engine("MergeTree", "MergeTree ORDER BY id", false), BatchConfig.INSERTS_IN_FLIGHT_AUTO, true)
                .reason()).contains("into the Distributed table");
        assertThat(InsertConcurrency.decide(distributed, engine("MergeTree", "MergeTree ORDER BY id", false),
                BatchConfig.INSERTS_IN_FLIGHT_AUTO, false).insertsInFlight()).isEqualTo(1);
        InsertConcurrency.Decision configured = InsertConcurrency.decide(distributed,
                engine("CollapsingMergeTree", "CollapsingMergeTree(sign) ORDER BY id", false), 2, true);
        assertThat(configured.insertsInFlight()).isEqualTo(2);
        assertThat(configured.warning()).contains("the order of inserts matters");
    }

    @Test
    void aTableThatMaterializedViewsReadGetsOneInsertAtATime() {
        InsertConcurrency.Decision decision = InsertConcurrency.decide(
                engine("MergeTree", "MergeTree ORDER BY id", true), BatchConfig.INSERTS_IN_FLIGHT_AUTO, true);

        assertThat(decision.insertsInFlight()).isEqualTo(1);
        assertThat(decision.reason()).contains("materialized views");
    }

    @Test
    void anEngineOrViewsNotReadGetOneInsertAtATime() {
        assertThat(InsertConcurrency.decide(null, BatchConfig.INSERTS_IN_FLIGHT_AUTO, true).insertsInFlight())
                .isEqualTo(1);
        assertThat(InsertConcurrency.decide(new TableEngine("MergeTree", "MergeTree ORDER BY id"),
                BatchConfig.INSERTS_IN_FLIGHT_AUTO, true).reason())
                .isEqualTo("whether materialized views read it could not be read at start");
    }

    @Test
    void aConfiguredNumberIsKeptAndWarnedAboutOnlyWhereOrderMatters() {
        InsertConcurrency.Decision replacing = InsertConcurrency.decide(
                engine("ReplacingMergeTree", "ReplacingMergeTree ORDER BY id", false), 3, true);
        InsertConcurrency.Decision plain = InsertConcurrency.decide(engine("MergeTree", "MergeTree ORDER BY id", false),
                3, true);
        InsertConcurrency.Decision one = InsertConcurrency.decide(
                engine("ReplacingMergeTree", "ReplacingMergeTree ORDER BY id", false), 1, true);

        assertThat(replacing.insertsInFlight()).isEqualTo(3);
        assertThat(replacing.warning()).contains("ReplacingMergeTree without a version column")
                .contains("clicktype.batch.inserts-in-flight to 1");
        assertThat(plain.insertsInFlight()).isEqualTo(3);
        assertThat(plain.warning()).isNull();
        assertThat(one.insertsInFlight()).isEqualTo(1);
        assertThat(one.warning()).isNull();
    }

    @Test
    void aServerThatDoesNotCheckInsertTypesGetsOneInsertAtATimeUnlessConfigured() {
        TableEngine mergeTree = engine("MergeTree", "MergeTree ORDER BY id", false);

        InsertConcurrency.Decision old = InsertConcurrency.decide(mergeTree, BatchConfig.INSERTS_IN_FLIGHT_AUTO, false);
        InsertConcurrency.Decision unknown = InsertConcurrency.decide(mergeTree, BatchConfig.INSERTS_IN_FLIGHT_AUTO,
                null);
        InsertConcurrency.Decision configured = InsertConcurrency.decide(mergeTree, 2, false);

        assertThat(old.insertsInFlight()).isEqualTo(1);
        assertThat(old.reason()).contains("does not check an insert's column types");
        assertThat(unknown.insertsInFlight()).isEqualTo(1);
        assertThat(configured.insertsInFlight()).isEqualTo(2);
        assertThat(configured.warning()).contains("read as the new type").contains("inserts-in-flight to 1");
    }

    @Test
    void engineArgumentsKeepQuotesAndNestedCalls() {
        assertThat(new TableEngine("Distributed", "Distributed('c', db, `t,1`, cityHash64(a, b)) SETTINGS x = 1")
                .arguments()).containsExactly("'c'", "db", "`t,1`", "cityHash64(a, b)");
        assertThat(new TableEngine("MergeTree", "MergeTree ORDER BY id").arguments()).isEmpty();
    }
}
