package io.clicktype.batch;

import java.time.Duration;
import java.util.List;

/**
 * How to reach ClickHouse over HTTP(S); used by {@link ClickHouseTransports#clientV2(ConnectionConfig)}.
 * {@link #toString()} never shows the password.
 *
 * @param endpoints          one or more {@code http(s)://host:port} base URLs
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
 */
public record ConnectionConfig(List<String> endpoints, String username, String password, String database,
        boolean compressRequests, Duration connectTimeout, Duration socketTimeout, String trustStorePath,
        String trustStorePassword, ClusterConfig cluster) {

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

    /** Validates the fields; a bad one is a {@link ConfigValueException} naming it. */
    public ConnectionConfig {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new ConfigValueException("endpoints", endpoints,
                    "endpoints must name at least one http(s)://host:port");
        }
        endpoints = List.copyOf(endpoints);
        for (String endpoint : endpoints) {
            if (endpoint == null || !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new ConfigValueException("endpoints", endpoint, "endpoint '" + endpoint
                        + "' must start with http:// or https:// (ClickHouse's HTTP interface, port 8123 or 8443)");
            }
        }
        username = username == null || username.isEmpty() ? DEFAULT_USERNAME : username;
        password = password == null ? "" : password;
        database = database == null || database.isEmpty() ? DEFAULT_DATABASE : database;
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new ConfigValueException("connectTimeout", connectTimeout, "connectTimeout must be > 0, was "
                    + connectTimeout);
        }
        if (socketTimeout == null || socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new ConfigValueException("socketTimeout", socketTimeout, "socketTimeout must be > 0 (0 would block "
                    + "forever on a hung server), was " + socketTimeout);
        }
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
                .trustStore(trustStorePath, trustStorePassword).cluster(cluster);
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

        /** @throws ConfigValueException naming the first bad field */
        public ConnectionConfig build() {
            return new ConnectionConfig(endpoints, username, password, database, compressRequests, connectTimeout,
                    socketTimeout, trustStorePath, trustStorePassword, cluster);
        }
    }

    /** Masks the passwords. */
    @Override
    public String toString() {
        return "ConnectionConfig[endpoints=" + endpoints + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "******") + ", database=" + database + ", compressRequests="
                + compressRequests + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", trustStorePath=" + trustStorePath + (cluster == null ? "" : ", cluster=" + cluster) + "]";
    }
}
