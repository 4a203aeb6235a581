package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolution order, with every input faked: nothing is contacted or started here. */
class ClickHouseServersTest {

    private final List<String> asked = new ArrayList<>();

    @Test
    void anUrlFromTheEnvironmentWinsAndNeitherDockerNorPathIsAsked() {
        ClickHouseServers.Choice choice = ClickHouseServers.choose(
                Map.of("CLICKHOUSE_URL", " http://127.0.0.1:18123/ ")::get, this::docker, this::binary);

        assertThat(choice.source()).isEqualTo("env");
        assertThat(choice.target()).isEqualTo("http://127.0.0.1:18123/");
        assertThat(asked).isEmpty();
    }

    @Test
    void anEnvironmentServerKeepsTheUrlWithoutTrailingSlashAndDefaultsTheUser() {
        ClickHouseServer server = new ExternalClickHouseServer("http://127.0.0.1:18123/", null, null, "env");

        assertThat(server.httpUrl()).isEqualTo("http://127.0.0.1:18123");
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.httpPort()).isEqualTo(18123);
        assertThat(server.username()).isEqualTo("default");
        assertThat(server.password()).isEmpty();
        assertThat(server.canRestart()).isFalse();
        assertThatThrownBy(server::stop).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dockerComesBeforeALocalBinaryWithTheDefaultOrConfiguredImage() {
        ClickHouseServers.Choice byDefault = ClickHouseServers.choose(name -> null, () -> true, this::binary);
        ClickHouseServers.Choice configured = ClickHouseServers.choose(
                Map.of("CLICKHOUSE_IMAGE", "clickhouse/clickhouse-server:24.8")::get, () -> true, this::binary);

        assertThat(byDefault.source()).isEqualTo("testcontainers");
        assertThat(byDefault.target()).isEqualTo(ClickHouseServers.DEFAULT_IMAGE);
        assertThat(configured.target()).isEqualTo("clickhouse/clickhouse-server:24.8");
        assertThat(asked).isEmpty();
    }

    @Test
    void aBinaryOnPathIsUsedWhenDockerDoesNotAnswer() {
        ClickHouseServers.Choice choice = ClickHouseServers.choose(name -> null, this::docker, this::binary);

        assertThat(choice.source()).isEqualTo("local-binary");
        assertThat(choice.command()).containsExactly("/usr/bin/clickhouse-server");
        assertThat(asked).containsExactly("docker", "binary");
    }

    @Test
    void withoutAnyServerTheMessageSaysHowToGetOne() {
        assertThatThrownBy(() -> ClickHouseServers.choose(name -> null, this::docker, () -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("export CLICKHOUSE_URL=http://host:8123")
                .hasMessageContaining("Docker")
                .hasMessageContaining("apt-get install -y clickhouse-server");
    }

    private boolean docker() {
        asked.add("docker");
        return false;
    }

    private List<String> binary() {
        asked.add("binary");
        return List.of("/usr/bin/clickhouse-server");
    }
}
