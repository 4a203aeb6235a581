package io.clicktype.batch.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.UUID;
import org.springframework.boot.ssl.SslBundle;

/**
 * The trust store of a Boot SSL bundle as a PKCS12 file, because client-v2 (0.10) takes a trust store by path
 * only. Only certificates are copied (a trust store holds no secrets); a bundle's key store (a client
 * certificate) is {@link SslBundleClientCertificate}'s.
 */
final class SslBundleTrustStore {

    /**
     * @param path     the written trust store
     * @param password its (random) password
     */
    record Materialized(Path path, String password) {
    }

    private SslBundleTrustStore() {
    }

    /**
     * @param name the bundle's name, for messages
     * @throws IllegalStateException when the bundle has no trust store
     */
    static Materialized write(String name, SslBundle bundle) {
        KeyStore trust = bundle.getStores().getTrustStore();
        if (trust == null) {
            throw new IllegalStateException("SSL bundle '" + name + "' has no trust store to verify ClickHouse with");
        }
        try {
            KeyStore copy = KeyStore.getInstance("PKCS12");
            copy.load(null, null);
            for (String alias : Collections.list(trust.aliases())) {
                if (trust.isCertificateEntry(alias)) {
                    copy.setCertificateEntry(alias, trust.getCertificate(alias));
                }
            }
            String password = UUID.randomUUID().toString();
            Path file = Files.createTempFile("clicktype-batch-truststore-", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                copy.store(out, password.toCharArray());
            }
            return new Materialized(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the trust store of SSL bundle '" + name + "'", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not copy the trust store of SSL bundle '" + name + "'", e);
        }
    }
}
