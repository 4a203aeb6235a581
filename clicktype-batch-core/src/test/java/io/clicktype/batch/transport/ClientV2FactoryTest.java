package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import io.clicktype.batch.ClickHouseTransports;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.spi.ClickHouseTransport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientV2FactoryTest {

    @TempDir
    Path dir;

    private static ConnectionConfig https(String trustStore, String password) {
        return new ConnectionConfig(List.of("https://user:pw@127.0.0.1:8443"), "default", "pw", "default", true,
                Duration.ofSeconds(1), Duration.ofSeconds(3), trustStore, password);
    }

    private Path trustStore(char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    @Test
    void clientIsConfiguredForOldServersWithTimeoutsAndWithoutHiddenRetries() {
        ConnectionConfig config = new ConnectionConfig(List.of("http://127.0.0.1:8123"), "bob", "s3cret", "shop", true,
                Duration.ofMillis(1500), Duration.ofSeconds(42), null, null);

        try (Client client = ClientV2Factory.create(config, "http://127.0.0.1:8123")) {
            assertThat(client.getConfiguration())
                    .containsEntry("compress", "false")
                    .containsEntry("decompress", "true")
                    .containsEntry("compression.lz4.uncompressed_buffer_size", "262144")
                    .containsEntry("socket_timeout", "42000")
                    .containsEntry("connection_timeout", "1500")
                    .containsEntry("retry", "0")
                    .containsEntry("client_retry_on_failures", "None")
                    .containsEntry("database", "shop")
                    .containsEntry("clickhouse_setting_database", "shop");
        }
    }

    @Test
    void aReadableTrustStoreIsAccepted() throws Exception {
        Path store = trustStore("changeit".toCharArray());

        ClickHouseTransport transport = ClickHouseTransports.clientV2(https(store.toString(), "changeit"));

        assertThat(transport).isNotNull();
        transport.close();
    }

    @Test
    void anUnreadableTrustStoreFailsAtCreationNamingItButNotThePassword() throws Exception {
        Path store = trustStore("changeit".toCharArray());

        assertThatThrownBy(() -> ClickHouseTransports.clientV2(https(store.toString(), "wrong-pass")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(store.toString())
                .hasMessageContaining("https://127.0.0.1:8443")
                .hasMessageNotContaining("wrong-pass")
                .hasMessageNotContaining("user:pw");
    }
}
