package io.clicktype.batch.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.Deduplication;
import io.clicktype.batch.DeliveryGuarantee;
import io.clicktype.batch.InsertMode;
import io.clicktype.batch.TableDelivery;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.spi.TableEngine;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule of {@link DeliveryPolicy}, with the reason and the fix it names. */
class DeliveryPolicyTest {

    private static final TableRef TABLE = new TableRef("db", "events");
    private static final ServerInfo CURRENT = new ServerInfo("26.7.2.1", Set.of("insert_deduplication_token"),
            Set.of(), "UTC", Map.of("non_replicated_deduplication_window", "0", "replicated_deduplication_window",
            "10000", "replicated_deduplication_window_seconds", "3600"), Set.of());
    private static final ServerInfo OLD = new ServerInfo("18.16.1", Set.of(), Set.of());

    private static TableDelivery assess(String engine, String definition, ServerInfo server, boolean tokens) {
        return DeliveryPolicy.assess(TABLE, new TableEngine(engine, definition), server, tokens, Deduplication.AUTO,
                InsertMode.SYNC);
    }

    @Test
    void aPlainMergeTreeWithTheDefaultWindowIgnoresTokens() {
        TableDelivery delivery = assess("MergeTree", "MergeTree ORDER BY id SETTINGS index_granularity = 8192",
                CURRENT, true);

        assertThat(delivery.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(delivery.reason()).isEqualTo("MergeTree with non_replicated_deduplication_window = 0 (the "
                + "server's default): the server ignores insert_deduplication_token");
        assertThat(delivery.fix()).isEqualTo(
                "ALTER TABLE `db`.`events` MODIFY SETTING non_replicated_deduplication_window = 1000");
    }

    @Test
    void aMergeTreeWithItsOwnWindowIsExactlyOnceWhileTheServerStaysUp() {
        TableDelivery delivery = assess("ReplacingMergeTree", "ReplacingMergeTree ORDER BY id SETTINGS "
                + "non_replicated_deduplication_window = 500, index_granularity = 8192", CURRENT, true);

        assertThat(delivery.exactlyOnce()).isTrue();
        assertThat(delivery.reason()).contains("non_replicated_deduplication_window = 500",
                "while the server stays up: a server killed during an insert can remember a batch's token without its "
                        + "rows", "Replicated*MergeTree");
        assertThat(assess("ReplicatedMergeTree", "ReplicatedMergeTree('/t', 'r1') ORDER BY id", CURRENT, true)
                .reason()).doesNotContain("while the server stays up");
        assertThat(delivery.fix()).isNull();
    }

    @Test
    void replicatedTablesDeduplicateByTokenOrOnOldServersByBlockHashUnlessTheirWindowIsZero() {
        assertThat(assess("ReplicatedMergeTree", "ReplicatedMergeTree('/t/{shard}', '{replica}') ORDER BY id",
                CURRENT, true).reason()).contains("last 10000 inserts by each batch's insert_deduplication_token");
        assertThat(assess("ReplicatedMergeTree", "ReplicatedMergeTree('/t', 'r1') ORDER BY id", OLD, false))
                .satisfies(d -> assertThat(d.exactlyOnce()).isTrue())
                .satisfies(d -> assertThat(d.reason()).contains("last 100 inserts by block hash"));
        TableDelivery off = assess("ReplicatedMergeTree", "ReplicatedMergeTree('/t', 'r1') ORDER BY id SETTINGS "
                + "replicated_deduplication_window = 0, replicated_deduplication_window_seconds = 3600", CURRENT, true);
        assertThat(off.exactlyOnce()).isFalse();
        assertThat(off.fix()).isEqualTo("ALTER TABLE `db`.`events` MODIFY SETTING replicated_deduplication_window = 1000");
    }

    @Test
    void withoutTokensAMergeTreeIsAtLeastOnceNamingWhy() {
        assertThat(assess("MergeTree", "MergeTree ORDER BY id", OLD, false).reason())
                .contains("ClickHouse 18.16.1 has no insert_deduplication_token");
        TableDelivery off = DeliveryPolicy.assess(TABLE, new TableEngine("MergeTree", "MergeTree ORDER BY id SETTINGS "
                + "non_replicated_deduplication_window = 10"), CURRENT, false, Deduplication.OFF, InsertMode.SYNC);
        assertThat(off.reason()).isEqualTo("deduplication=off: batches carry no token");
        assertThat(off.fix()).isEqualTo("deduplication: auto");
    }

    @Test
    void asyncInsertsAreDeduplicatedOnlyInReplicatedTables() {
        TableEngine windowed = new TableEngine("MergeTree", "MergeTree ORDER BY id SETTINGS "
                + "non_replicated_deduplication_window = 10");
        assertThat(DeliveryPolicy.assess(TABLE, windowed, CURRENT, true, Deduplication.AUTO, InsertMode.ASYNC).fix())
                .isEqualTo("insert mode SYNC (clicktype.batch.insert-mode=sync, InsertMode.SYNC)");
        TableEngine plain = new TableEngine("MergeTree", "MergeTree ORDER BY id");
        assertThat(DeliveryPolicy.assess(TABLE, plain, CURRENT, true, Deduplication.AUTO, InsertMode.ASYNC).fix())
                .isEqualTo("ALTER TABLE `db`.`events` MODIFY SETTING non_replicated_deduplication_window = 1000, "
                        + "and insert mode SYNC (async inserts deduplicate only in Replicated tables)");
        assertThat(DeliveryPolicy.assess(TABLE, new TableEngine("ReplicatedMergeTree", "ReplicatedMergeTree ORDER BY id"),
                CURRENT, true, Deduplication.AUTO, InsertMode.ASYNC).exactlyOnce()).isTrue();
    }

    @Test
    void distributedMemoryAndUnknownTablesAreAtLeastOnce() {
        TableDelivery random = assess("Distributed", "Distributed(c, db, events_local, rand())", CURRENT, true);
        assertThat(random.exactlyOnce()).isFalse();
        assertThat(random.reason()).contains("rand() splits it differently every time");
        assertThat(random.fix()).contains("clicktype.batch.clickhouse.cluster-mode=direct", "ClusterMode.DIRECT");
        assertThat(assess("Distributed", "Distributed(c, db, events_local, id)", CURRENT, true).reason())
                .contains("a deterministic sharding key, foreground inserts");
        assertThat(assess("Memory", "Memory", CURRENT, true).reason()).isEqualTo("engine Memory does not deduplicate inserts");
        assertThat(DeliveryPolicy.assess(TABLE, null, CURRENT, true, Deduplication.AUTO, InsertMode.SYNC).reason())
                .isEqualTo("the table's engine could not be read at start");
    }

    @Test
    void theFixNamesTheDatabaseOfATableGivenWithoutOne() {
        TableDelivery delivery = DeliveryPolicy.assess(TableRef.of("events"), new TableEngine("MergeTree",
                "MergeTree ORDER BY id", "analytics"), CURRENT, true, Deduplication.AUTO, InsertMode.SYNC);

        assertThat(delivery.fix()).isEqualTo(
                "ALTER TABLE `analytics`.`events` MODIFY SETTING non_replicated_deduplication_window = 1000");
    }

    @Test
    void aSettingIsReadOnlyFromTheSettingsClauseAndOnlyUnderItsOwnName() {
        TableEngine engine = new TableEngine("MergeTree", "MergeTree ORDER BY id SETTINGS "
                + "replicated_deduplication_window_seconds = 7, non_replicated_deduplication_window = 3");
        assertThat(DeliveryPolicy.declared(engine, "non_replicated_deduplication_window")).isEqualTo("3");
        assertThat(DeliveryPolicy.declared(engine, "replicated_deduplication_window")).isNull();
        assertThat(DeliveryPolicy.declared(new TableEngine("Memory", "Memory"), "replicated_deduplication_window"))
                .isNull();
    }
}
