package io.clicktype.batch.autoconfigure;

import java.util.List;
import org.springframework.boot.ssl.SslBundle;

/**
 * Connection details read from one source, named for error messages.
 *
 * @param source    what they came from, e.g. the property {@code clicktype.batch.clickhouse.url}
 * @param value     the url as given there, for error messages
 * @param sslBundle the SSL bundle of {@code clicktype.batch.clickhouse.ssl.bundle}, or {@code null}
 */
record ResolvedClickHouseConnectionDetails(List<String> endpoints, String username, String password, String database,
        String source, String value, SslBundle sslBundle) implements ClickHouseConnectionDetails {

    ResolvedClickHouseConnectionDetails(List<String> endpoints, String username, String password, String database,
            String source, String value) {
        this(endpoints, username, password, database, source, value, null);
    }

    @Override
    public SslBundle getSslBundle() {
        return sslBundle;
    }

    @Override
    public List<String> getEndpoints() {
        return endpoints;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String getDatabase() {
        return database;
    }

    /** Never the password: connection details end up in logs and failure reports. */
    @Override
    public String toString() {
        return "ClickHouse " + endpoints + " as " + username + ", database " + database + " (from " + source + ")";
    }
}
