package io.clicktype.batch.test;

/**
 * A local ClickHouse of the test's own with an HTTPS interface ({@link ClickHouseServers#startOwnTls}) beside its
 * plain HTTP one, which the harness itself uses (for {@link ClickHouseServer#execute} and health checks).
 * {@link #close()} stops it and deletes its data.
 *
 * @param server    the server (its {@code httpUrl()} is plain HTTP)
 * @param httpsPort its HTTPS port
 */
public record TlsClickHouseServer(OwnedClickHouseServer server, int httpsPort) implements AutoCloseable {

    /** {@code https://localhost:<port>}: the host name its certificate is for ({@link TestCertificates#HOST}). */
    public String httpsUrl() {
        return "https://" + TestCertificates.HOST + ":" + httpsPort;
    }

    /** The same port by IP address, {@code https://127.0.0.1:<port>}, a name the certificate does not cover. */
    public String httpsUrlByAddress() {
        return "https://" + server.host() + ":" + httpsPort;
    }

    @Override
    public void close() {
        server.close();
    }
}
