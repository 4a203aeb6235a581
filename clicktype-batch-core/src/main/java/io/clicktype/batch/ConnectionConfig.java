package io.clicktype.batch;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How to reach ClickHouse over HTTP(S); used by {@link ClickHouseTransports#clientV2(ConnectionConfig)}.
 * {@link #toString()} never shows the password.
 *
 * @param endpoints          one or more {@code http(s)://host:port} base URLs; user info in them
 *                           ({@code http://user:password@host:8123}, percent-encoded) is taken out of the URL and
 *                           becomes {@code username} and {@code password}, so that no URL kept or shown carries it
 * @param username           user name (default {@code default})
 * @param password           password, may be empty
 * @param database           default database for unqualified tables (default {@code default})
 * @param compressRequests   whether insert bodies are LZ4-compressed (default true)
 * @param connectTimeout     TCP connect timeout (default 5 s)
 * @param socketTimeout      read timeout of one request (default 60 s; never infinite)
 * @param trustStorePath     trust store for HTTPS, or {@code null} for the JVM default
 * @param trustStorePassword trust store password, or {@code null}
 * @param cluster            the ClickHouse cluster to write to, or {@code null} for a single server (with the
 *                           endpoints as a failover list); see {@link ClusterConfig}
 * @param clientCertificatePath the client certificate (PEM) presented to a server that asks for one (mutual TLS),
 *                           or {@code null}
 * @param clientKeyPath      the private key (PEM, PKCS#8, unencrypted) of {@code clientCertificatePath}, or
 *                           {@code null}; both or neither are set
 * @param maxConnections     connections the client keeps per server (its pool); every batcher sends on one while
 *                           its insert runs. At most {@code maxConnections - 2} inserts run at once through one
 *                           transport; the batchers beyond take turns, waiting without a timeout and without
 *                           counting a failure (2 connections stay free for schema reads and probes). Default
 *                           {@value #DEFAULT_MAX_CONNECTIONS}, client-v2's own; the starter gives one per table plus 4;
 *                           give {@code tables + 4} for every batcher to send at once (docs/transport.md). A query
 *                           that waits longer than {@code connectTimeout} for one gets a failure saying so.
 */
public record ConnectionConfig(List<String> endpoints, String username, String password, String database,
        boolean compressRequests, Duration connectTimeout, Duration socketTimeout, String trustStorePath,
        String trustStorePassword, ClusterConfig cluster, String clientCertificatePath, String clientKeyPath,
        int maxConnections) {

    /** Validates the fields. */
    /** The user when none is given. */
    public static final String DEFAULT_USERNAME = "default";
    /** The database of unqualified tables when none is given. */
    public static final String DEFAULT_DATABASE = "default";
    /** Whether insert bodies are LZ4-compressed unless said otherwise. */
    public static final boolean DEFAULT_COMPRESS_REQUESTS = true;
    /** The TCP connect timeout unless said otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The read timeout of one request unless said otherwise. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Connections per server unless said otherwise: client-v2's own default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10;

    /** Validates the fields; a bad one is a {@link ConfigValueException} naming it. */
    public ConnectionConfig {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new ConfigValueException("endpoints", endpoints,
                    "endpoints must name at least one http(s)://host:port");
        }
        List<String> plain = new ArrayList<>(endpoints.size());
        String[] fromUrl = null;
        for (String endpoint : endpoints) {
            if (endpoint == null || !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                String shown = endpoint == null ? null : withoutUserInfo(endpoint);
                throw new ConfigValueException("endpoints", shown, "endpoint '" + shown
                        + "' must start with http:// or https:// (ClickHouse's HTTP interface, port 8123 or 8443)");
            }
            String[] credentials = userInfo(endpoint);
            if (credentials != null) {
                if (fromUrl != null && !Arrays.equals(fromUrl, credentials)) {
                    throw new ConfigValueException("endpoints", withoutUserInfo(endpoint), "the endpoints carry "
                            + "different user info (user:password@); give the credentials once, as username and "
                            + "password");
                }
                fromUrl = credentials;
            }
            plain.add(withoutUserInfo(endpoint));
        }
        endpoints = List.copyOf(plain);
        username = username == null || username.isEmpty() ? DEFAULT_USERNAME : username;
        password = password == null ? "" : password;
        if (fromUrl != null) {
            // http://user:password@host:8123: the credentials are taken out of the URL, which ends up in logs
            boolean explicitUser = !DEFAULT_USERNAME.equals(username) && !username.equals(fromUrl[0]);
            boolean explicitPassword = !password.isEmpty() && !password.equals(fromUrl[1]);
            if (explicitUser || explicitPassword) {
                throw new ConfigValueException("endpoints", endpoints, "the endpoint carries user info "
                        + "(user:password@) and the username or password is set as well, to other values; give the "
                        + "credentials once");
            }
            username = fromUrl[0].isEmpty() ? DEFAULT_USERNAME : fromUrl[0];
            password = fromUrl[1];
        }
        database = database == null || database.isEmpty() ? DEFAULT_DATABASE : database;
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new ConfigValueException("connectTimeout", connectTimeout, "connectTimeout must be > 0, was "
                    + connectTimeout);
        }
        if (socketTimeout == null || socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new ConfigValueException("socketTimeout", socketTimeout, "socketTimeout must be > 0 (0 would block "
                    + "forever on a hung server), was " + socketTimeout);
        }
        maxConnections = maxConnections == 0 ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        if (maxConnections < 1) {
            throw new ConfigValueException("maxConnections", maxConnections, "maxConnections must be >= 1 (one per "
                    + "batcher sending at once is enough), was " + maxConnections);
        }
        if ((clientCertificatePath == null) != (clientKeyPath == null)) {
            throw new ConfigValueException(clientCertificatePath == null ? "clientCertificatePath" : "clientKeyPath",
                    null, "clientCertificatePath and clientKeyPath go together (mutual TLS): set both or neither, "
                    + "was certificate " + clientCertificatePath + ", key " + clientKeyPath);
        }
    }

    /** A configuration with the default pool ({@value #DEFAULT_MAX_CONNECTIONS} connections per server). */
    public ConnectionConfig(List<String> endpoints, String username, String password, String database,
            boolean compressRequests, Duration connectTimeout, Duration socketTimeout, String trustStorePath,
            String trustStorePassword, ClusterConfig cluster, String clientCertificatePath, String clientKeyPath) {
        this(endpoints, username, password, database, compressRequests, connectTimeout, socketTimeout, trustStorePath,
                trustStorePassword, cluster, clientCertificatePath, clientKeyPath, DEFAULT_MAX_CONNECTIONS);
    }

    /** A configuration without a client certificate. */
    public ConnectionConfig(List<String> endpoints, String username, String password, String database,
            boolean compressRequests, Duration connectTimeout, Duration socketTimeout, String trustStorePath,
            String trustStorePassword, ClusterConfig cluster) {
        this(endpoints, username, password, database, compressRequests, connectTimeout, socketTimeout, trustStorePath,
                trustStorePassword, cluster, null, null);
    }

    /** A configuration without a cluster (the endpoints are one server and its failovers). */
    public ConnectionConfig(List<String> endpoints, String username, String password, String database,
            boolean compressRequests, Duration connectTimeout, Duration socketTimeout, String trustStorePath,
            String trustStorePassword) {
        this(endpoints, username, password, database, compressRequests, connectTimeout, socketTimeout, trustStorePath,
                trustStorePassword, null);
    }

    /** A configuration for one endpoint with every other field at its default. */
    public static ConnectionConfig of(String endpoint) {
        return builder(endpoint).build();
    }

    /** A builder for {@code endpoints} with every other field at its default. */
    public static Builder builder(String... endpoints) {
        return new Builder(List.of(endpoints));
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(endpoints).username(username).password(password).database(database)
                .compressRequests(compressRequests).connectTimeout(connectTimeout).socketTimeout(socketTimeout)
                .trustStore(trustStorePath, trustStorePassword).cluster(cluster)
                .clientCertificate(clientCertificatePath, clientKeyPath).maxConnections(maxConnections);
    }

    /** Builds a {@link ConnectionConfig}; {@link #build()} validates and names any bad field. */
    public static final class Builder {
        private List<String> endpoints;
        private String username = DEFAULT_USERNAME;
        private String password = "";
        private String database = DEFAULT_DATABASE;
        private boolean compressRequests = DEFAULT_COMPRESS_REQUESTS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private String trustStorePath;
        private String trustStorePassword;
        private ClusterConfig cluster;
        private String clientCertificatePath;
        private String clientKeyPath;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder(List<String> endpoints) {
            this.endpoints = endpoints;
        }

        /** One or more {@code http(s)://host:port} base URLs. */
        public Builder endpoints(List<String> value) { endpoints = value; return this; }

        /** User name. */
        public Builder username(String value) { username = value; return this; }

        /** Password, may be empty. */
        public Builder password(String value) { password = value; return this; }

        /** Database of unqualified tables. */
        public Builder database(String value) { database = value; return this; }

        /** Whether insert bodies are LZ4-compressed. */
        public Builder compressRequests(boolean value) { compressRequests = value; return this; }

        /** TCP connect timeout. */
        public Builder connectTimeout(Duration value) { connectTimeout = value; return this; }

        /** Read timeout of one request; never infinite. */
        public Builder socketTimeout(Duration value) { socketTimeout = value; return this; }

        /** Trust store for HTTPS and its password ({@code null}: the JVM default). */
        public Builder trustStore(String path, String storePassword) {
            trustStorePath = path;
            trustStorePassword = storePassword;
            return this;
        }

        /** The cluster to write to ({@code null}: a single server). */
        public Builder cluster(ClusterConfig value) { cluster = value; return this; }

        /** Connections the client keeps per server; see {@link ConnectionConfig#maxConnections()}. */
        public Builder maxConnections(int value) { maxConnections = value; return this; }

        /**
         * A client certificate and its private key (PEM files; the key PKCS#8 and unencrypted) for a server that
         * asks for one (mutual TLS); {@code null}s for none.
         */
        public Builder clientCertificate(String certificatePath, String keyPath) {
            clientCertificatePath = certificatePath;
            clientKeyPath = keyPath;
            return this;
        }

        /** @throws ConfigValueException naming the first bad field */
        public ConnectionConfig build() {
            return new ConnectionConfig(endpoints, username, password, database, compressRequests, connectTimeout,
                    socketTimeout, trustStorePath, trustStorePassword, cluster, clientCertificatePath, clientKeyPath,
                    maxConnections);
        }
    }

    /**
     * {@code endpoint} without user info: {@code http://user:secret@host:8123} as {@code http://host:8123}, for a URL
     * that is shown or logged. Any other text is returned as it is.
     */
    public static String withoutUserInfo(String endpoint) {
        int scheme = endpoint.indexOf("://");
        int at = scheme < 0 ? -1 : endpoint.indexOf('@', scheme + 3);
        int end = scheme < 0 ? -1 : firstOf(endpoint, scheme + 3, "/?#");
        if (at < 0 || (end >= 0 && end < at)) {
            return endpoint;
        }
        return endpoint.substring(0, scheme + 3) + endpoint.substring(at + 1);
    }

    /** The percent-decoded user and password of an endpoint's user info, or {@code null} when it has none. */
    private static String[] userInfo(String endpoint) {
        String stripped = withoutUserInfo(endpoint);
        if (stripped.equals(endpoint)) {
            return null;
        }
        int scheme = endpoint.indexOf("://") + 3;
        String info = endpoint.substring(scheme, endpoint.length() - stripped.length() + scheme - 1);
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String secret = colon < 0 ? "" : info.substring(colon + 1);
        return new String[] {decode(user), decode(secret)};
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int firstOf(String text, int from, String characters) {
        int first = -1;
        for (char c : characters.toCharArray()) {
            int at = text.indexOf(c, from);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** Masks the passwords. */
    @Override
    public String toString() {
        return "ConnectionConfig[endpoints=" + endpoints + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "******") + ", database=" + database + ", compressRequests="
                + compressRequests + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", trustStorePath=" + trustStorePath + (cluster == null ? "" : ", cluster=" + cluster)
                + (clientCertificatePath == null ? "" : ", clientCertificatePath=" + clientCertificatePath) + "]";
    }
}
