package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantee a batcher reports at start is the one the server really gives: on 26.7 a plain MergeTree
 * ignores tokens (window 0 by default) and is reported at-least-once with a fix the server accepts, after
 * which it is exactly-once; {@code deduplication=ON} refuses to start where tokens would be ignored. On
 * 18.16 (no tokens) a MergeTree is at-least-once, naming the old server.
 */
@ClickHouseTest
class DeliveryGuaranteeIT {

    @ClickTable("guaranteed")
    record Event(long id) {
    }

    private ClickHouseTransport transport;

    @BeforeEach
    void connect(ClickHouseServer server, TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS guaranteed");
        transport = TestTransports.to(server, db.name());
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void aPlainMergeTreeIsReportedAsItBehavesAndTheFixMakesItExactlyOnce(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE guaranteed (id UInt64) ENGINE = MergeTree() ORDER BY id");
        TableDelivery plain = deliveryOf(BatchConfig.defaults());

        assertThat(plain.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        if (!db.canDeduplicateTokens()) {
            assertThat(plain.reason()).contains("ClickHouse " + server.version() + " has no insert_deduplication_token");
            assertThatThrownBy(() -> deliveryOf(BatchConfig.builder().deduplication(Deduplication.ON).build()))
                    .hasMessageContaining("upgrade");
            return;
        }
        assertThat(plain.reason()).contains("non_replicated_deduplication_window = 0 (the server's default)");
        // Qualified with the connection's database, so that it changes this table from any session.
        assertThat(plain.fix()).startsWith("ALTER TABLE `" + db.name() + "`.`guaranteed` ");
        assertThatThrownBy(() -> deliveryOf(BatchConfig.builder().deduplication(Deduplication.ON).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deduplication=ON for guaranteed, but a retried batch would be stored twice")
                .hasMessageContaining(plain.fix());

        server.execute(plain.fix());
        TableDelivery fixed = deliveryOf(BatchConfig.builder().deduplication(Deduplication.ON).build());
        assertThat(fixed.exactlyOnce()).isTrue();
        assertThat(fixed.reason()).contains("non_replicated_deduplication_window = 1000");
    }

    @Test
    void aMemoryTableIsAtLeastOnceWithAFixNamingAnEngineThatDeduplicates(TestDatabase db) {
        db.execute("CREATE TABLE guaranteed (id UInt64) ENGINE = Memory");

        TableDelivery memory = deliveryOf(BatchConfig.defaults());

        assertThat(memory.exactlyOnce()).isFalse();
        assertThat(memory.reason()).isEqualTo("engine Memory does not deduplicate inserts");
    }

    private TableDelivery deliveryOf(BatchConfig config) {
        try (Batcher<Event> batcher = Batcher.builder(Event.class).transport(transport).config(config).build()) {
            batcher.start();
            return batcher.delivery();
        }
    }
}
