package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestCertificates;
import io.clicktype.batch.test.TlsClickHouseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows in transit: inserts over HTTPS into a real server whose certificate a CA made by the test signed, trusted
 * through a trust store; a server signed by another CA, and a host name the certificate does not cover, refused
 * with the fix; mutual TLS with a client certificate. On ClickHouse 18.16 only: chDB's clickhouse-local (26.7)
 * cannot open an HTTPS listener ({@link ClickHouseAssumptions#assumeTls}, docs/security.md).
 */
@ClickHouseTest
class TlsIT {

    private static final String PASSWORD = "trust-store-pass";

    @ClickTable("tls_events")
    record TlsEvent(long id, String payload) {
    }

    private static Path dir;
    private static TestCertificates certificates;
    private static TlsClickHouseServer tls;

    /** Each test skips (reported as skipped, with the reason) where the run's server cannot serve HTTPS. */
    @BeforeEach
    void startServer(ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeTls(server);
        if (tls != null) {
            return;
        }
        dir = Files.createTempDirectory("clicktype-tls-it");
        certificates = TestCertificates.create(dir);
        tls = ClickHouseServers.startOwnTls(certificates, false);
        tls.server().execute("CREATE TABLE default.tls_events (id Int64, payload String) ENGINE = MergeTree() ORDER BY id");
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    private static ConnectionConfig.Builder https(String url, Path trustedCa) {
        return ConnectionConfig.builder(url).connectTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10))
                .trustStore(certificates.trustStore(trustedCa, PASSWORD).toString(), PASSWORD);
    }

    private static long insert(ClickHouseTransport transport, int rows) throws Exception {
        try (Batcher<TlsEvent> batcher = Batcher.builder(TlsEvent.class).transport(transport).build()) {
            BatcherHandle<TlsEvent> handle = batcher.start();
            for (int i = 0; i < rows; i++) {
                handle.insert(new TlsEvent(i, "over tls"));
            }
            handle.flush().get();
            return batcher.stats().flushedRows();
        }
    }

    @Test
    void insertsOverHttpsTrustingTheTestCaThroughATrustStore() throws Exception {
        long before = Long.parseLong(tls.server().execute("SELECT count() FROM default.tls_events").trim());
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(https(tls.httpsUrl(),
                certificates.caCertificate()).build())) {
            assertThat(insert(transport, 1000)).isEqualTo(1000);
        }
        assertThat(Long.parseLong(tls.server().execute("SELECT count() FROM default.tls_events").trim()))
                .isEqualTo(before + 1000);
    }

    @Test
    void aServerSignedByAnotherCaIsRefusedWithTheFix() {
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(https(tls.httpsUrl(),
                certificates.otherCaCertificate()).build())) {
            assertThatThrownBy(transport::serverInfo).isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("the server's TLS certificate is not trusted")
                    .hasMessageContaining("set the trust store of the connection to one that holds the server's CA");
        }
    }

    @Test
    void theJvmsDefaultTrustStoreDoesNotTrustTheTestCa() {
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(ConnectionConfig.builder(tls.httpsUrl())
                .connectTimeout(Duration.ofSeconds(2)).build())) {
            assertThatThrownBy(transport::serverInfo).isInstanceOf(TransportException.class)
                    .hasMessageContaining("not trusted");
        }
    }

    @Test
    void theHostNameIsVerified() {
        // the certificate is for localhost only: 127.0.0.1 is the same server, but not the name it proved
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(https(tls.httpsUrlByAddress(),
                certificates.caCertificate()).build())) {
            assertThatThrownBy(transport::serverInfo).isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("the server's TLS certificate is not for the host name of https://127.0.0.1:")
                    .hasMessageContaining("connect by a host name the certificate lists");
        }
    }

    @Test
    void mutualTlsWithAClientCertificate() throws Exception {
        try (TlsClickHouseServer strict = ClickHouseServers.startOwnTls(certificates, true)) {
            strict.server().execute("CREATE TABLE default.tls_events (id Int64, payload String) ENGINE = MergeTree() "
                    + "ORDER BY id");
            try (ClickHouseTransport without = ClickHouseTransports.clientV2(https(strict.httpsUrl(),
                    certificates.caCertificate()).build())) {
                assertThatThrownBy(without::serverInfo).isInstanceOf(TransportException.class)
                        .hasMessageContaining("requires a client certificate (mutual TLS)")
                        .hasMessageContaining("set clientCertificatePath and clientKeyPath");
            }
            try (ClickHouseTransport with = ClickHouseTransports.clientV2(https(strict.httpsUrl(),
                    certificates.caCertificate()).clientCertificate(certificates.clientCertificate().toString(),
                    certificates.clientKey().toString()).build())) {
                assertThat(insert(with, 500)).isEqualTo(500);
            }
            assertThat(strict.server().execute("SELECT count() FROM default.tls_events").trim()).isEqualTo("500");
        }
    }
}
