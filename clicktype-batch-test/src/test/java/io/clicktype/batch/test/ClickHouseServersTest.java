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
                Map.of("CLICKHOUSE_URL", " http://127.0.0.1:18123/ ")::get, this::docker, this::binary, this::chdb);

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
        ClickHouseServers.Choice byDefault = ClickHouseServers.choose(name -> null, () -> true, this::binary, this::chdb);
        ClickHouseServers.Choice configured = ClickHouseServers.choose(
                Map.of("CLICKHOUSE_IMAGE", "clickhouse/clickhouse-server:24.8")::get, () -> true, this::binary, this::chdb);

        assertThat(byDefault.source()).isEqualTo("testcontainers");
        assertThat(byDefault.target()).isEqualTo(ClickHouseServers.DEFAULT_IMAGE);
        assertThat(configured.target()).isEqualTo("clickhouse/clickhouse-server:24.8");
        assertThat(asked).isEmpty();
    }

    @Test
    void aBinaryOnPathIsUsedWhenDockerDoesNotAnswer() {
        ClickHouseServers.Choice choice = ClickHouseServers.choose(name -> null, this::docker, this::binary, this::chdb);

        assertThat(choice.source()).isEqualTo("local-binary");
        assertThat(choice.command()).containsExactly("/usr/bin/clickhouse-server");
        assertThat(asked).containsExactly("docker", "binary");
    }

    @Test
    void withoutAnyServerTheMessageSaysHowToGetOne() {
        assertThatThrownBy(() -> ClickHouseServers.choose(name -> null, this::docker, () -> null, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("export CLICKHOUSE_URL=http://host:8123")
                .hasMessageContaining("Docker")
                .hasMessageContaining("apt-get install -y clickhouse-server");
    }

    @Test
    void withoutBinaryChdbServesWhereThePlatformCanLoadIt() {
        ClickHouseServers.Choice choice = ClickHouseServers.choose(name -> null, this::docker, () -> null, this::chdb);

        assertThat(choice.source()).isEqualTo("chdb");
        assertThat(choice.target()).isEqualTo("@chdb/lib-linux-x64-gnu@26.7.3-stable.1");
        assertThat(asked).containsExactly("docker", "chdb");
    }

    @Test
    void aPinnedRouteIsTakenWithoutAskingDockerAndAnUrlStillWins() {
        ClickHouseServers.Choice chdb = ClickHouseServers.choose(Map.of("CLICKHOUSE_SERVER", "chdb")::get,
                this::docker, this::binary, this::chdb);
        ClickHouseServers.Choice binary = ClickHouseServers.choose(Map.of("CLICKHOUSE_SERVER", " local-binary ")::get,
                this::docker, this::binary, this::chdb);
        ClickHouseServers.Choice url = ClickHouseServers.choose(
                Map.of("CLICKHOUSE_SERVER", "chdb", "CLICKHOUSE_URL", "http://127.0.0.1:8123")::get,
                this::docker, this::binary, this::chdb);

        assertThat(chdb.source()).isEqualTo("chdb");
        assertThat(binary.source()).isEqualTo("local-binary");
        assertThat(binary.command()).containsExactly("/usr/bin/clickhouse-server");
        assertThat(url.source()).isEqualTo("env");
        assertThat(asked).containsExactly("chdb", "binary");
    }

    @Test
    void aPinnedRouteThatCannotBeHadFailsSayingWhatToDo() {
        assertThatThrownBy(() -> ClickHouseServers.choose(Map.of("CLICKHOUSE_SERVER", "local-binary")::get,
                this::docker, () -> null, this::chdb))
                .hasMessageContaining("apt-get install -y clickhouse-server");
        assertThatThrownBy(() -> ClickHouseServers.choose(Map.of("CLICKHOUSE_SERVER", "chdb")::get,
                this::docker, this::binary, () -> false))
                .hasMessageContaining("needs Linux x86_64");
        assertThatThrownBy(() -> ClickHouseServers.choose(Map.of("CLICKHOUSE_SERVER", "docker")::get,
                this::docker, this::binary, this::chdb))
                .hasMessageContaining("CLICKHOUSE_SERVER=docker is not a route; use local-binary, chdb or testcontainers");
        assertThat(asked).isEmpty();
    }

    private boolean chdb() {
        asked.add("chdb");
        return true;
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
