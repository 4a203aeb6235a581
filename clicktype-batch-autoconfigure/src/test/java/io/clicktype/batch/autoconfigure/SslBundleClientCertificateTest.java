package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.test.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** An SSL bundle's key store becomes client-v2's client certificate: PEM files only the process's user can read. */
class SslBundleClientCertificateTest {

    @TempDir
    Path dir;

    @Test
    void theBundlesKeyIsWrittenAsOwnerOnlyPem() {
        TestCertificates certificates = TestCertificates.create(dir);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                        ClickTypeBatchAutoConfiguration.class))
                .withBean(ClickHouseTransport.class, FakeTransport::new)
                .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.none",
                        "clicktype.batch.spill.enabled=false",
                        "clicktype.batch.clickhouse.url=https://localhost:8443",
                        "clicktype.batch.clickhouse.ssl.bundle=ch",
                        "spring.ssl.bundle.pem.ch.truststore.certificate=file:" + certificates.caCertificate(),
                        "spring.ssl.bundle.pem.ch.keystore.certificate=file:" + certificates.clientCertificate(),
                        "spring.ssl.bundle.pem.ch.keystore.private-key=file:" + certificates.clientKey())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConnectionConfig connection = ConnectionConfigFactory.create(
                            context.getBean(ClickHouseConnectionDetails.class),
                            context.getBean(ClickTypeBatchProperties.class).getClickhouse());
                    Path certificate = Path.of(connection.clientCertificatePath());
                    Path key = Path.of(connection.clientKeyPath());
                    for (Path file : new Path[] {certificate, key, Path.of(connection.trustStorePath())}) {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                                .as(file.toString()).isEqualTo("rw-------");
                    }
                    assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");
                    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
                    assertThat(connection.toString()).doesNotContain("PRIVATE");
                });
    }
}
