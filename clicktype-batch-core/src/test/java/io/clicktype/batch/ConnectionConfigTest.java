package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionConfigTest {

    @Test
    void userInfoInAUrlBecomesTheCredentialsAndLeavesTheUrl() {
        ConnectionConfig config = ConnectionConfig.of("https://ingest:s%3Acret+x@ch.example:8443/");
        assertThat(config.endpoints()).containsExactly("https://ch.example:8443/");
        assertThat(config.username()).isEqualTo("ingest");
        assertThat(config.password()).isEqualTo("s:cret+x");
        assertThat(config.toString()).contains("ch.example:8443", "username=ingest", "password=******")
                .doesNotContain("s%3Acret", "s:cret");
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void userInfoAndOtherCredentialsAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> ConnectionConfig.builder("http://bob:hunter2@h:8123").password("other").build())
                .isInstanceOfSatisfying(ConfigValueException.class, e -> assertThat(String.valueOf(e.value()))
                        .doesNotContain("hunter2"))
                .hasMessageContaining("give the credentials once").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionConfig.builder("http://bob:hunter2@h:8123", "http://eve:x@g:8123").build())
                .hasMessageContaining("different user info").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionConfig.of("tcp://bob:hunter2@h:9000"))
                .isInstanceOfSatisfying(ConfigValueException.class, e -> assertThat(e.value()).isEqualTo("tcp://h:9000"))
                .hasMessageContaining("'tcp://h:9000' must start with http://").hasMessageNotContaining("hunter2");
    }

    @Test
    void theSameCredentialsTwiceAreFine() {
        ConnectionConfig config = ConnectionConfig.builder("http://bob:pw@h:8123").username("bob").password("pw").build();
        assertThat(config.endpoints()).containsExactly("http://h:8123");
        assertThat(config.password()).isEqualTo("pw");
    }

    @Test
    void withoutUserInfoLeavesOtherAtSignsAlone() {
        assertThat(ConnectionConfig.withoutUserInfo("http://h:8123/?q=a@b")).isEqualTo("http://h:8123/?q=a@b");
        assertThat(ConnectionConfig.withoutUserInfo("http://u@h:8123")).isEqualTo("http://h:8123");
        assertThat(ConnectionConfig.withoutUserInfo("no url")).isEqualTo("no url");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThatThrownBy(() -> ConnectionConfig.builder("https://h:8443").clientCertificate("/c.pem", null).build())
                .isInstanceOfSatisfying(ConfigValueException.class, e -> assertThat(e.field()).isEqualTo("clientKeyPath"))
                .hasMessageContaining("set both or neither");
    }

    @Test
    void thePoolSizeDefaultsToTheClientsOwnAndRefusesLessThanOne() {
        assertThat(ConnectionConfig.of("http://h:8123").maxConnections()).isEqualTo(10);
        assertThat(ConnectionConfig.builder("http://h:8123").maxConnections(64).build().toBuilder().build()
                .maxConnections()).isEqualTo(64);
        assertThatThrownBy(() -> ConnectionConfig.builder("http://h:8123").maxConnections(-1).build())
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("maxConnections");
    }
}
