package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.test.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStorePemTest {

    @TempDir
    Path dir;

    @Test
    void aTrustStoresCertificatesBecomeAnOwnerOnlyPemFileClientV2Reads() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        Path store = certificates.trustStore(certificates.caCertificate(), "pw");
        Path pem = TrustStorePem.export(store.toString(), "pw");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");
        try (InputStream exported = Files.newInputStream(pem); InputStream original =
                Files.newInputStream(certificates.caCertificate())) {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            java.util.List<java.security.cert.Certificate> expected = java.util.List.copyOf(
                    x509.generateCertificates(original));
            assertThat(java.util.List.copyOf(x509.generateCertificates(exported))).isEqualTo(expected);
        }
    }

    @Test
    void anEmptyStoreOrAWrongPasswordIsRefused() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Path file = dir.resolve("empty.p12");
        try (var out = Files.newOutputStream(file)) {
            empty.store(out, "pw".toCharArray());
        }
        assertThatThrownBy(() -> TrustStorePem.export(file.toString(), "pw"))
                .hasMessageContaining("holds no trusted certificate");
        assertThatThrownBy(() -> TrustStorePem.export(file.toString(), "wrong")).isInstanceOf(Exception.class);
    }
}
