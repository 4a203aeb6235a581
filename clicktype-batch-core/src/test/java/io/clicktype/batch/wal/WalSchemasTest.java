package io.clicktype.batch.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.schema.BatchSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalSchemasTest {

    private static final BatchSchema OLD = new BatchSchema(List.of("id", "v"), List.of("UInt64", "Int32"));
    private static final BatchSchema NEW = new BatchSchema(List.of("id", "v"), List.of("UInt64", "Int64"));

    @TempDir
    Path dir;

    @Test
    void aLogWithoutTheFileIsTakenAsEncodedForTheTypesTheBatcherStartsWith() {
        WalSchemas schemas = WalSchemas.open(dir, 100, 500, NEW);

        assertThat(schemas.at(100)).isEqualTo(NEW);
        assertThat(schemas.nextChangeAfter(100)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void recordsOfARunBeforeAChangeKeepTheirTypesUntilAcknowledged() {
        WalSchemas.open(dir, 0, 0, OLD);

        // run 2, after an ALTER: records 0..500 of run 1 are not acknowledged
        WalSchemas second = WalSchemas.open(dir, 0, 500, NEW);
        assertThat(second.at(0)).isEqualTo(OLD);
        assertThat(second.at(499)).isEqualTo(OLD);
        assertThat(second.at(500)).isEqualTo(NEW);
        assertThat(second.nextChangeAfter(0)).isEqualTo(500);

        // run 3 crashed before run 1's records were acknowledged: they still hold the old types
        assertThat(WalSchemas.open(dir, 200, 800, NEW).at(200)).isEqualTo(OLD);
        // once they are, the old entry is forgotten
        WalSchemas fourth = WalSchemas.open(dir, 600, 900, NEW);
        assertThat(fourth.at(600)).isEqualTo(NEW);
        assertThat(fourth.nextChangeAfter(600)).isEqualTo(Long.MAX_VALUE);
    }
}
