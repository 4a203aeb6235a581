package io.clicktype.batch.autoconfigure.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.autoconfigure.ClickTypeBatchAutoConfiguration;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestCertificates;
import io.clicktype.batch.test.TlsClickHouseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter over HTTPS into a real ClickHouse 18.16 whose certificate a CA made by the test signed: trusted through
 * a Boot SSL bundle ({@code clicktype.batch.clickhouse.ssl.bundle}) and through {@code trust-store}; mutual TLS with
 * the bundle's key store. Skipped on 26.7 (chDB cannot serve HTTPS, docs/security.md).
 */
@ClickHouseTest
class TlsAutoConfigurationIT {

    /** A row of {@code tls_rows}. */
    @ClickTable("tls_rows")
    public record Row(long id) {
    }

    private static TestCertificates certificates;
    private static TlsClickHouseServer tls;
    private static TlsClickHouseServer strict;

    @TempDir
    Path spill;

    @BeforeEach
    void startServers(ClickHouseServer server) throws Exception {
        ClickHouseAssumptions.assumeTls(server);
        if (tls == null) {
            certificates = TestCertificates.create(Files.createTempDirectory("clicktype-tls-autoconfigure"));
            tls = ClickHouseServers.startOwnTls(certificates, false);
            strict = ClickHouseServers.startOwnTls(certificates, true);
            for (TlsClickHouseServer each : new TlsClickHouseServer[] {tls, strict}) {
                each.server().execute("CREATE TABLE default.tls_rows (id UInt64) ENGINE = MergeTree() ORDER BY id");
            }
        }
    }

    @AfterAll
    static void stopServers() {
        for (TlsClickHouseServer each : new TlsClickHouseServer[] {tls, strict}) {
            if (each != null) {
                each.close();
            }
        }
    }

    private ApplicationContextRunner runner(TlsClickHouseServer server, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                        ClickTypeBatchAutoConfiguration.class))
                .withPropertyValues("clicktype.batch.packages=" + Row.class.getPackageName(),
                        "clicktype.batch.spill.directory=" + spill,
                        "clicktype.batch.clickhouse.url=" + server.httpsUrl())
                .withPropertyValues(properties);
    }

    private static long count(TlsClickHouseServer server) {
        return Long.parseLong(server.server().execute("SELECT count() FROM default.tls_rows").trim());
    }

    private static void ingest(org.springframework.context.ApplicationContext context, int rows) throws Exception {
        @SuppressWarnings("unchecked")
        BatcherHandle<Row> handle = context.getBean(BatcherHandle.class);
        for (long id = 0; id < rows; id++) {
            handle.insert(new Row(id));
        }
        handle.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void trustThroughAnSslBundle() {
        long before = count(tls);
        runner(tls, "spring.ssl.bundle.pem.clickhouse.truststore.certificate=file:" + certificates.caCertificate(),
                "clicktype.batch.clickhouse.ssl.bundle=clickhouse")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ingest(context, 300);
                });
        assertThat(count(tls)).isEqualTo(before + 300);
    }

    @Test
    void trustThroughATrustStorePath() {
        long before = count(tls);
        runner(tls, "clicktype.batch.clickhouse.trust-store="
                        + certificates.trustStore(certificates.caCertificate(), "changeit"),
                "clicktype.batch.clickhouse.trust-store-password=changeit")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ingest(context, 200);
                });
        assertThat(count(tls)).isEqualTo(before + 200);
    }

    @Test
    void anSslBundleOfAnotherCaRefusesTheStartNamingTheFix() {
        runner(tls, "spring.ssl.bundle.pem.clickhouse.truststore.certificate=file:" + certificates.otherCaCertificate(),
                "clicktype.batch.clickhouse.ssl.bundle=clickhouse")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("the server's TLS certificate is not trusted")
                        .hasStackTraceContaining("set the trust store of the connection"));
    }

    @Test
    void mutualTlsWithTheBundlesKeyStore() {
        long before = count(strict);
        runner(strict, "spring.ssl.bundle.pem.clickhouse.truststore.certificate=file:" + certificates.caCertificate(),
                "spring.ssl.bundle.pem.clickhouse.keystore.certificate=file:" + certificates.clientCertificate(),
                "spring.ssl.bundle.pem.clickhouse.keystore.private-key=file:" + certificates.clientKey(),
                "clicktype.batch.clickhouse.ssl.bundle=clickhouse")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ingest(context, 100);
                });
        assertThat(count(strict)).isEqualTo(before + 100);
    }

    @Test
    void mutualTlsWithClientCertificateProperties() {
        long before = count(strict);
        runner(strict, "clicktype.batch.clickhouse.trust-store="
                        + certificates.trustStore(certificates.caCertificate(), "changeit"),
                "clicktype.batch.clickhouse.trust-store-password=changeit",
                "clicktype.batch.clickhouse.client-certificate=" + certificates.clientCertificate(),
                "clicktype.batch.clickhouse.client-key=" + certificates.clientKey())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ingest(context, 50);
                });
        assertThat(count(strict)).isEqualTo(before + 50);
    }
}
