package io.clicktype.batch.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates a TLS test makes for itself with the {@code openssl} command (PEM files in one directory): a CA, a
 * server certificate it signed for the host name {@code localhost} only (no IP address, so that connecting to
 * {@code 127.0.0.1} proves hostname verification), a client certificate it signed (mutual TLS), and a second,
 * unrelated CA whose trust must be refused. Valid for two days.
 *
 * @param directory where the files are
 */
public record TestCertificates(Path directory) {

    /** The host name the server certificate is for. */
    public static final String HOST = "localhost";

    /**
     * Makes every certificate and key in {@code directory} (created if needed).
     *
     * @throws IllegalStateException naming the step and openssl's output when it fails, or when there is no openssl
     */
    public static TestCertificates create(Path directory) {
        TestCertificates certificates = new TestCertificates(directory);
        try {
            Files.createDirectories(directory);
            certificates.authority("ca", "clicktype-batch test CA");
            certificates.authority("other-ca", "clicktype-batch unrelated CA");
            certificates.signed("server", "subjectAltName=DNS:" + HOST + "\nextendedKeyUsage=serverAuth\n");
            certificates.signed("client", "extendedKeyUsage=clientAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make test certificates in " + directory, e);
        }
        return certificates;
    }

    /** The CA's certificate (PEM). */
    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    /** The unrelated CA's certificate (PEM): trusting only it must refuse the server. */
    public Path otherCaCertificate() {
        return directory.resolve("other-ca.crt");
    }

    /** The server's certificate (PEM), for {@link #HOST}, signed by the CA. */
    public Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    /** The server's private key (PEM, unencrypted). */
    public Path serverKey() {
        return directory.resolve("server.key");
    }

    /** A client certificate (PEM) signed by the CA. */
    public Path clientCertificate() {
        return directory.resolve("client.crt");
    }

    /** The client certificate's private key (PEM, PKCS#8, unencrypted). */
    public Path clientKey() {
        return directory.resolve("client.key");
    }

    /**
     * A PKCS#12 trust store holding {@code certificate} (e.g. {@link #caCertificate()}), written with the JDK's
     * {@link KeyStore}.
     */
    public Path trustStore(Path certificate, String password) {
        Path file = directory.resolve(certificate.getFileName() + ".p12");
        try (InputStream in = Files.newInputStream(certificate); OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            store.store(out, password.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write trust store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make a trust store of " + certificate, e);
        }
    }

    private void authority(String name, String subject) throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=" + subject, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void signed(String name, String extensions) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                "/CN=" + (name.equals("server") ? HOST : "clicktype-batch test client"));
        Files.writeString(directory.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\n" + extensions, StandardCharsets.US_ASCII);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        if (LocalClickHouseServer.onPath("openssl") == null) {
            throw new IllegalStateException("TLS tests make their certificates with the openssl command, which is not "
                    + "on PATH; install it (apt-get install -y openssl)");
        }
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
