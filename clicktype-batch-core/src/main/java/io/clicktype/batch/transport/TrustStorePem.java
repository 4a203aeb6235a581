package io.clicktype.batch.transport;

import io.clicktype.batch.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * The certificates of a trust store as one PEM file, because client-v2 (0.10) refuses a trust store together with
 * a client certificate ("Trust store and certificates cannot be used together") and takes the CA as a PEM root
 * certificate then. The file holds only public certificates; it is created mode 0600 in the temp directory and
 * deleted at JVM exit.
 */
final class TrustStorePem {

    private TrustStorePem() {
    }

    /**
     * @throws IOException              when the store cannot be read or the file written
     * @throws GeneralSecurityException when the store or its password is wrong
     */
    static Path export(String trustStorePath, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(trustStorePath))) {
            store.load(in, password == null ? new char[0] : password.toCharArray());
        }
        Path file = Files.createTempFile("clicktype-batch-ca-", ".pem");
        file.toFile().deleteOnExit();
        OwnerOnlyFiles.replace(file);
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        int written = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate != null && store.isCertificateEntry(alias)) {
                    out.write("-----BEGIN CERTIFICATE-----\n");
                    out.write(base64.encodeToString(certificate.getEncoded()));
                    out.write("\n-----END CERTIFICATE-----\n");
                    written++;
                }
            }
        }
        if (written == 0) {
            throw new GeneralSecurityException("trust store " + trustStorePath + " holds no trusted certificate");
        }
        return file;
    }
}
