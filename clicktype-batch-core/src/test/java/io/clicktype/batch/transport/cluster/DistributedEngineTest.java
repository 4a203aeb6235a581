package io.clicktype.batch.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A Distributed engine's arguments as {@code engine_full} prints them. */
class DistributedEngineTest {

    @Test
    void distributedEngineArgumentsAreReadBareOrQuotedWithTheShardingKeyAsAnExpression() {
        DistributedEngine bare = DistributedEngine.parse("Distributed(clicktype_test, ingest, events_local, intHash64(id))");
        DistributedEngine quoted = DistributedEngine.parse(
                "Distributed('my cluster', 'db', 'odd\\'name', cityHash64(user, 'x,y'), 'policy')");
        DistributedEngine noKey = DistributedEngine.parse("Distributed(c, currentDatabase(), t)");

        assertThat(bare).isEqualTo(new DistributedEngine("clicktype_test", "ingest", "events_local", "intHash64(id)"));
        assertThat(bare.deterministicKey()).isTrue();
        assertThat(quoted).isEqualTo(new DistributedEngine("my cluster", "db", "odd'name", "cityHash64(user, 'x,y')"));
        assertThat(noKey.database()).isNull();
        assertThat(noKey.shardingKey()).isNull();
        assertThat(DistributedEngine.parse("Distributed(c, db, t, rand())").deterministicKey()).isFalse();
        assertThat(DistributedEngine.parse("Distributed(c, db, t, rand64() % 3)").deterministicKey()).isFalse();
        assertThat(DistributedEngine.parse("Distributed(c, db, t, cityHash64(brand(x)))").deterministicKey()).isTrue();
        assertThat(DistributedEngine.parse("ReplicatedMergeTree('/p', '{replica}') ORDER BY id")).isNull();
    }
}
