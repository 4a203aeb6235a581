package io.clicktype.batch.startup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.ClickColumn;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.schema.SchemaChangeException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaDriftWatchTest {

    @ClickTable("events")
    record Event(long id, @ClickColumn(type = "UInt32") long userId, double score) {
    }

    private static final TableRef TABLE = TableRef.of("events");

    /** The table after two ALTERs: user_id widened (the pin is stale, rows still fit), score narrowed (they do not). */
    private static final ClickHouseTransport ALTERED = new ClickHouseTransport() {
        @Override
        public void insert(InsertRequest request) {
        }

        @Override
        public List<TableColumn> describeTable(TableRef table) {
            return List.of(new TableColumn("id", "Int64", ""), new TableColumn("user_id", "UInt64", ""),
                    new TableColumn("score", "Float32", ""));
        }

        @Override
        public ServerInfo serverInfo() {
            return new ServerInfo("26.7.1", Set.of(), Set.of());
        }

        @Override
        public void close() {
        }
    };

    private final SchemaDriftWatch<Event> watch = new SchemaDriftWatch<>(Event.class, ALTERED,
            new BatcherStartup<>(Event.class, ALTERED, BatchConfig.defaults(), null), () -> 0);

    private final SchemaChangeException refusal = new SchemaChangeException(TABLE, List.of("column `score` of "
            + "`events` was Float64 when the batch was encoded and is Float32 now (Float64 values cannot be carried "
            + "into Float32 without a possible change of value). To fix: ALTER TABLE `events` MODIFY COLUMN `score` "
            + "Float64 to take the kept batch, or widen it to a type that holds every Float64 value"), null);

    @Test
    void whatRefusedTheBatchComesBeforeOlderMismatchesOfTheRowType() {
        watch.check(TABLE, refusal);

        assertThat(watch.current()).hasSize(2);
        assertThat(watch.current().get(0)).startsWith("the batch was refused: column `score`");
        assertThat(watch.current().get(1)).startsWith("at the next start, the record: Column `user_id` of table "
                + "`events` is UInt64")
                .contains("pin \"UInt64\" (or remove the pin)").doesNotContain("change the column to UInt32");
    }

    /** validation WARN started the batcher with the mismatch: the table did not change under it, it never fitted. */
    @Test
    void aMismatchKnownAtStartIsNotReportedAsAChange() {
        BatcherStartup<Event> warned = new BatcherStartup<>(Event.class, ALTERED,
                BatchConfig.builder().validation(io.clicktype.batch.ValidationMode.WARN).build(), null);
        warned.map();
        SchemaDriftWatch<Event> watching = new SchemaDriftWatch<>(Event.class, ALTERED, warned, () -> 0);
        List<ILoggingEvent> lines = logged(() -> watching.check(TABLE, new io.clicktype.batch.TransportException(
                "Code: 16. No such column (test)", false, 16, 0, null)));
        assertThat(lines).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains("still does not match the row type, as found at start (validation WARN)")
                .doesNotContain("changed under"));
    }

    @Test
    void theSameFindingForEveryBatchIsLoggedOnce() {
        List<ILoggingEvent> lines = logged(() -> {
            for (int batch = 0; batch < 5; batch++) {
                watch.check(TABLE, refusal);
            }
        });
        assertThat(lines).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains("changed under the running batcher").contains("score").contains("user_id"));
    }

    /** What {@code action} logged under the batcher's logger, where the watch writes. */
    private static List<ILoggingEvent> logged(Runnable action) {
        try {
            return io.clicktype.batch.LoggedLines.during("io.clicktype.batch.Batcher", action::run);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
