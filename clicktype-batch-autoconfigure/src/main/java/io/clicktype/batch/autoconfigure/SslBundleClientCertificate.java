package io.clicktype.batch.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;

/**
 * The key store of a Boot SSL bundle (a client certificate for mutual TLS) as two PEM files, because client-v2
 * (0.10) takes a client certificate only as PEM files by path. The private key is written unencrypted (PKCS#8), so
 * both files are created in the temp directory with mode 0600 ({@link Files#createTempFile} on POSIX) and deleted
 * at JVM exit.
 */
final class SslBundleClientCertificate {

    /**
     * @param certificate the certificate chain, leaf first (PEM)
     * @param key         its private key (PEM, PKCS#8)
     */
    record Materialized(Path certificate, Path key) {
    }

    private SslBundleClientCertificate() {
    }

    /**
     * The bundle's key entry ({@code key.alias}, else the only key entry) as PEM files, or {@code null} when the
     * bundle has no key store.
     *
     * @param name the bundle's name, for messages
     * @throws IllegalStateException naming the bundle when the key cannot be read
     */
    static Materialized write(String name, SslBundle bundle) {
        KeyStore store = bundle.getStores().getKeyStore();
        if (store == null) {
            return null;
        }
        try {
            String alias = bundle.getKey().getAlias();
            if (alias == null) {
                List<String> keys = new ArrayList<>();
                for (String candidate : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(candidate)) {
                        keys.add(candidate);
                    }
                }
                if (keys.size() != 1) {
                    throw new IllegalStateException("SSL bundle '" + name + "' has " + keys.size() + " keys " + keys
                            + " in its key store; name the client certificate's with spring.ssl.bundle.*." + name
                            + ".key.alias");
                }
                alias = keys.get(0);
            }
            String password = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword()
                    : bundle.getStores().getKeyStorePassword();
            Key key = store.getKey(alias, password == null ? new char[0] : password.toCharArray());
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                throw new IllegalStateException("SSL bundle '" + name + "' has no private key with a certificate under "
                        + "alias '" + alias + "'");
            }
            Path certificate = temp("clicktype-batch-client-", ".crt");
            Path keyFile = temp("clicktype-batch-client-", ".key");
            try (Writer out = Files.newBufferedWriter(certificate, StandardCharsets.US_ASCII)) {
                for (Certificate link : chain) {
                    pem(out, "CERTIFICATE", link.getEncoded());
                }
            }
            try (Writer out = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII)) {
                pem(out, "PRIVATE KEY", key.getEncoded());
            }
            return new Materialized(certificate, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the client certificate of SSL bundle '" + name + "'", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the client certificate of SSL bundle '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    private static Path temp(String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(prefix, suffix);
        file.toFile().deleteOnExit();
        return file;
    }

    private static void pem(Writer out, String type, byte[] der) throws IOException {
        out.write("-----BEGIN " + type + "-----\n");
        out.write(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der));
        out.write("\n-----END " + type + "-----\n");
    }
}
