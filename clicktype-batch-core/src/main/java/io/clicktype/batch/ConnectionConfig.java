package io.clicktype.batch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach ClickHouse over HTTP(S); used by {@link ClickHouseTransport#clientV2(ConnectionConfig)}.
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
 */
public record ConnectionConfig(List<String> endpoints, String username, String password, String database,
        boolean compressRequests, Duration connectTimeout, Duration socketTimeout, String trustStorePath,
        String trustStorePassword) {

    /** Validates the fields. */
    public ConnectionConfig {
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints must name at least one http(s)://host:port");
        }
        for (String endpoint : endpoints) {
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new IllegalArgumentException("endpoint '" + endpoint
                        + "' must start with http:// or https:// (ClickHouse's HTTP interface, port 8123 or 8443)");
            }
        }
        username = username == null || username.isEmpty() ? "default" : username;
        password = password == null ? "" : password;
        database = database == null || database.isEmpty() ? "default" : database;
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0, was " + connectTimeout);
        }
        if (socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("socketTimeout must be > 0 (0 would block forever on a hung server), was "
                    + socketTimeout);
        }
    }

    /** A configuration for one endpoint with every other field at its default. */
    public static ConnectionConfig of(String endpoint) {
        return new ConnectionConfig(List.of(endpoint), "default", "", "default", true, Duration.ofSeconds(5),
                Duration.ofSeconds(60), null, null);
    }

    /** Masks the passwords. */
    @Override
    public String toString() {
        return "ConnectionConfig[endpoints=" + endpoints + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "******") + ", database=" + database + ", compressRequests="
                + compressRequests + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", trustStorePath=" + trustStorePath + "]";
    }
}
