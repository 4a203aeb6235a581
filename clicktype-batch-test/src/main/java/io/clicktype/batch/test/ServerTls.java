package io.clicktype.batch.test;

import java.nio.file.Path;

/**
 * The HTTPS interface of a local {@code clickhouse-server}: its port and the {@code <openSSL><server>} section
 * of the generated {@code config.xml}.
 *
 * @param httpsPort                the {@code https_port}
 * @param certificate              the server's certificate (PEM)
 * @param privateKey               its private key (PEM)
 * @param caCertificate            the CA that signs client certificates (PEM)
 * @param requireClientCertificate whether a client must present a certificate signed by that CA (mutual TLS;
 *                                 verification mode {@code strict}) or need not ({@code none})
 */
record ServerTls(int httpsPort, Path certificate, Path privateKey, Path caCertificate,
        boolean requireClientCertificate) {

    /** The elements for {@code config.xml}: the port and the server's OpenSSL settings. */
    String configXml() {
        return """
                    <https_port>%d</https_port>
                    <openSSL>
                        <server>
                            <certificateFile>%s</certificateFile>
                            <privateKeyFile>%s</privateKeyFile>
                            <caConfig>%s</caConfig>
                            <verificationMode>%s</verificationMode>
                            <loadDefaultCAFile>false</loadDefaultCAFile>
                            <cacheSessions>true</cacheSessions>
                            <disableProtocols>sslv2,sslv3</disableProtocols>
                            <preferServerCiphers>true</preferServerCiphers>
                        </server>
                    </openSSL>
                """.formatted(httpsPort, certificate.toAbsolutePath(), privateKey.toAbsolutePath(),
                caCertificate.toAbsolutePath(), requireClientCertificate ? "strict" : "none");
    }
}
