package io.clicktype.batch.transport;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientFaultCause;
import io.clicktype.batch.ConnectionConfig;
import java.security.KeyStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Builds the official client (client-v2) for one endpoint, configured so that it works against old
 * and new servers and never hides time or retries from the batcher.
 *
 * <ul>
 *   <li>{@code compressServerResponse(false)}: ClickHouse 18.16 returns EMPTY bodies for compressed
 *       results under ~1 MiB; our responses are tiny metadata results, so nothing is lost.</li>
 *   <li>{@code compressClientRequest(compressRequests)}: LZ4 framing of insert bodies, understood by
 *       every server version. Not {@code useHttpCompression}, which 18.16 answers with HTTP 500.</li>
 *   <li>{@code setLZ4UncompressedBufferSize}: the body is compressed in blocks of {@value #LZ4_BLOCK_BYTES} bytes
 *       instead of client-v2's 64 KiB. A Native batch's columns then compress into 21 % fewer bytes on the wire
 *       (1.66 MB against 2.09 MB for 100 000 rows of the benchmarks' event; a RowBinary batch 1.4 % fewer), and
 *       compressing is no slower. ClickHouse reads blocks up to its own {@code max_compress_block_size} (1 MiB) and far
 *       beyond. The cost: the client allocates the block and its compressed copy (~0.5 MiB) per insert request, and a
 *       table has one insert in flight.</li>
 *   <li>The default database also goes into the URL ({@code ?database=}): client-v2 sends it only as the
 *       {@code X-ClickHouse-Database} header, which 18.16 ignores (unqualified tables would then be
 *       looked up in the user's default database).</li>
 *   <li>Connect and socket timeouts are always set (the client's default socket timeout is 0, which
 *       blocks forever on a hung server); waiting for a pooled connection is bounded by the connect
 *       timeout, and the pool holds {@code maxConnections} per server (a wait for one is reported as that,
 *       never as a network failure: {@code FailureClassifier}).</li>
 *   <li>The client's own retries are switched off ({@code setMaxRetries(0)} and
 *       {@code retryOnFailures(None)}; by default it retries up to 3 times on connect failures and some
 *       server codes). Retrying is the batcher's {@code RetryPolicy}'s job: it backs off with jitter,
 *       keeps accepting rows meanwhile, counts retries in its metrics and hands a batch that still
 *       fails to the failed-batch handler. Hidden retries underneath would multiply attempts and
 *       stretch the time one insert can take beyond what the configuration says.</li>
 * </ul>
 *
 * <p>One client per endpoint: client-v2's own failover works only inside the retries switched off above,
 * so failing over is done by {@link EndpointClients}.
 */
final class ClientV2Factory {

    /** Uncompressed bytes per LZ4 block of an insert body (docs/benchmarks.md §11, "LZ4 blocks"). */
    static final int LZ4_BLOCK_BYTES = 256 * 1024;

    /** Sent as the HTTP client name so that server-side query logs show who inserted. */
    static final String CLIENT_NAME = "clicktype-batch";

    private ClientV2Factory() {
    }

    /**
     * A new client for {@code endpoint}; the caller closes it. Does not contact the server.
     *
     * @throws IllegalArgumentException when the client cannot be set up, e.g. an unreadable trust store
     */
    static Client create(ConnectionConfig connection, String endpoint) {
        Client.Builder builder = new Client.Builder()
                .addEndpoint(endpoint)
                .setUsername(connection.username())
                .setPassword(connection.password())
                .setDefaultDatabase(connection.database())
                .serverSetting("database", connection.database())
                .compressServerResponse(false)
                .compressClientRequest(connection.compressRequests())
                .setLZ4UncompressedBufferSize(LZ4_BLOCK_BYTES)
                .setConnectTimeout(millis(connection.connectTimeout()), ChronoUnit.MILLIS)
                .setConnectionRequestTimeout(millis(connection.connectTimeout()), ChronoUnit.MILLIS)
                .setSocketTimeout(millis(connection.socketTimeout()), ChronoUnit.MILLIS)
                .setMaxRetries(0)
                .setMaxConnections(connection.maxConnections())
                .retryOnFailures(ClientFaultCause.None)
                .useAsyncRequests(false)
                .setClientName(CLIENT_NAME);
        if (connection.trustStorePath() != null && connection.clientCertificatePath() != null) {
            // client-v2 takes a client certificate only with the CA as a PEM root certificate, not a trust store
            try {
                builder.setRootCertificate(TrustStorePem.export(connection.trustStorePath(),
                        connection.trustStorePassword()).toString());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read trust store " + connection.trustStorePath() + " for "
                        + EndpointClients.withoutUserInfo(endpoint) + ": " + e.getMessage()
                        + ". Check trustStorePath and trustStorePassword of the connection.", e);
            }
        } else if (connection.trustStorePath() != null) {
            // client-v2 needs a type and a password once a trust store is set (null gives an NPE);
            // the JDK's default type (PKCS12) also reads JKS files.
            builder.setSSLTrustStore(connection.trustStorePath())
                    .setSSLTrustStoreType(KeyStore.getDefaultType())
                    .setSSLTrustStorePassword(connection.trustStorePassword() == null ? ""
                            : connection.trustStorePassword());
        }
        if (connection.clientCertificatePath() != null) {
            builder.setClientCertificate(connection.clientCertificatePath()).setClientKey(connection.clientKeyPath());
        }
        try {
            return builder.build();
        } catch (RuntimeException e) {
            // Only local set-up can fail here (the client does not connect yet): mostly the trust store.
            throw new IllegalArgumentException("cannot set up the ClickHouse client for "
                    + EndpointClients.withoutUserInfo(endpoint)
                    + (connection.trustStorePath() == null ? "" : " with trust store " + connection.trustStorePath())
                    + (connection.clientCertificatePath() == null ? "" : " and client certificate "
                    + connection.clientCertificatePath() + " (key " + connection.clientKeyPath() + ")")
                    + ": " + e.getMessage() + ". Check trustStorePath and trustStorePassword"
                    + (connection.clientCertificatePath() == null ? "" : ", clientCertificatePath and clientKeyPath")
                    + " of the connection.", e);
        }
    }

    /** Milliseconds, capped at {@code Integer.MAX_VALUE}: the client keeps the socket timeout as an int. */
    static long millis(Duration duration) {
        if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(1, duration.toMillis());
    }
}
