package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ServerInfo;
import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void readsVersionSettingsAndTypes() {
        FakeQuery query = new FakeQuery(sql -> {
            if (sql.startsWith("SELECT version()")) {
                return "18.16.1\tAsia/Tokyo\n";
            }
            if (sql.contains("system.settings")) {
                return "insert_deduplicate\nmax_insert_block_size\n";
            }
            if (sql.contains("system.merge_tree_settings")) {
                return "replicated_deduplication_window\t100\n";
            }
            return "UInt64\nString\nDateTime\n";
        });

        ServerInfo info = ServerProbe.probe(query);

        assertThat(info.version()).isEqualTo("18.16.1");
        assertThat(info.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(info.mergeTreeDefaults()).containsExactly(java.util.Map.entry("replicated_deduplication_window", "100"));
        assertThat(info.supportsSetting("insert_deduplicate")).isTrue();
        assertThat(info.supportsSetting("replicated_deduplication_window")).isTrue();
        assertThat(info.supportsSetting("async_insert")).isFalse();
        assertThat(info.supportsType("DateTime")).isTrue();
        assertThat(info.supportsType("DateTime64")).isFalse();
        assertThat(query.statements.get(1)).contains("'async_insert'", "'insert_deduplication_token'");
    }

    @Test
    void aMissingSystemTableMeansNothingSupportedButAnUnreachableServerFails() {
        FakeQuery oldServer = new FakeQuery(sql -> {
            if (sql.contains("data_type_families")) {
                throw FakeQuery.lostText404();
            }
            return sql.startsWith("SELECT version()") ? "1.1.54380\n" : "";
        });
        assertThat(ServerProbe.probe(oldServer).supportedTypes()).isEmpty();

        FakeQuery flaky = new FakeQuery(sql -> {
            if (sql.contains("system.settings")) {
                throw new TransportException("reset", true, 0, 0, null);
            }
            return "24.8.1\n";
        });
        assertThatThrownBy(() -> ServerProbe.probe(flaky)).isInstanceOf(TransportException.class);
    }
}
