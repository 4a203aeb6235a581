package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointClientsTest {

    @Test
    void credentialsInEndpointUrlsNeverReachMessages() {
        assertThat(EndpointClients.withoutUserInfo("http://bob:s3cret@db1:8123")).isEqualTo("http://db1:8123");
        assertThat(EndpointClients.withoutUserInfo("https://db1:8443/path@x")).isEqualTo("https://db1:8443/path@x");
        assertThat(EndpointClients.withoutUserInfo("http://db1:8123")).isEqualTo("http://db1:8123");
    }
}
