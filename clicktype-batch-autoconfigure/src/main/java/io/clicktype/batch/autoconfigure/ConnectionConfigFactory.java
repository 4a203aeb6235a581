package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.ClusterConfig;
import io.clicktype.batch.ClusterMode;
import io.clicktype.batch.ConfigValueException;
import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.autoconfigure.ClickTypeBatchProperties.ClickHouseProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Resolves {@link ClickHouseConnectionDetails} from {@code clicktype.batch.clickhouse.*} or a
 * {@code jdbc:clickhouse:} JDBC url (so that ClickHouse is configured once for queries and for ingestion),
 * and builds the core {@link ConnectionConfig} from them.
 */
public final class ConnectionConfigFactory {

    private static final String JDBC_PREFIX = "jdbc:clickhouse:";

    private ConnectionConfigFactory() {
    }

    /**
     * @param properties   {@code clicktype.batch.clickhouse.*}
     * @param jdbcUrl      {@code spring.datasource.url} or a {@code JdbcConnectionDetails} url, or {@code null}
     * @param jdbcUser     its user, or {@code null}
     * @param jdbcPassword its password, or {@code null}
     * @param jdbcSource   where the JDBC url came from, for messages (e.g. {@code spring.datasource.url})
     * @return the details, or {@code null} when neither source names a ClickHouse server
     * @throws InvalidConfigurationPropertyValueException when the JDBC url is not a ClickHouse url we can read
     */
    public static ClickHouseConnectionDetails details(ClickHouseProperties properties, String jdbcUrl, String jdbcUser,
            String jdbcPassword, String jdbcSource) {
        return details(properties, jdbcUrl, jdbcUser, jdbcPassword, jdbcSource, null);
    }

    /**
     * As {@link #details(ClickHouseProperties, String, String, String, String)}, with the SSL bundle named by
     * {@code clicktype.batch.clickhouse.ssl.bundle} (or {@code null}).
     */
    public static ClickHouseConnectionDetails details(ClickHouseProperties properties, String jdbcUrl, String jdbcUser,
            String jdbcPassword, String jdbcSource, SslBundle sslBundle) {
        if (StringUtils.hasText(properties.getUrl())) {
            List<String> endpoints = new ArrayList<>();
            for (String url : StringUtils.commaDelimitedListToStringArray(properties.getUrl())) {
                if (StringUtils.hasText(url)) {
                    endpoints.add(url.trim());
                }
            }
            // user info in a url (http://user:password@host) becomes the user and password here, so that no
            // endpoint kept in the details, shown in a message or logged carries it
            List<String> shown = endpoints.stream().map(ConnectionConfig::withoutUserInfo).toList();
            ConnectionConfig parsed;
            try {
                parsed = ConnectionConfig.builder(endpoints.toArray(String[]::new))
                        .username(properties.getUsername()).password(properties.getPassword()).build();
            } catch (ConfigValueException e) {
                throw new InvalidConfigurationPropertyValueException("clicktype.batch.clickhouse.url",
                        String.join(",", shown), e.getMessage());
            }
            return new ResolvedClickHouseConnectionDetails(parsed.endpoints(), parsed.username(), parsed.password(),
                    properties.getDatabase(), "clicktype.batch.clickhouse.url", String.join(",", shown), sslBundle);
        }
        if (jdbcUrl != null && jdbcUrl.startsWith(JDBC_PREFIX)) {
            return fromJdbc(jdbcUrl, jdbcUser, jdbcPassword, jdbcSource, properties, sslBundle);
        }
        return null;
    }

    /**
     * The core connection: endpoints, user, password and database from {@code details}; compression,
     * timeouts and trust store from {@code clicktype.batch.clickhouse.*}.
     *
     * @throws InvalidConfigurationPropertyValueException naming the source when a value is out of range
     */
    public static ConnectionConfig create(ClickHouseConnectionDetails details, ClickHouseProperties properties) {
        return create(details, properties, Map.of());
    }

    /**
     * As {@link #create(ClickHouseConnectionDetails, ClickHouseProperties)}, with the cluster mode of tables that
     * set {@code clicktype.batch.tables.<table>.cluster-mode}.
     */
    public static ConnectionConfig create(ClickHouseConnectionDetails details, ClickHouseProperties properties,
            Map<String, ClusterMode> tableModes) {
        String source = details instanceof ResolvedClickHouseConnectionDetails resolved ? resolved.source()
                : details.getClass().getName();
        String value = details instanceof ResolvedClickHouseConnectionDetails resolved ? resolved.value()
                : String.valueOf(details.getEndpoints());
        String trustStore = properties.getTrustStore();
        String trustStorePassword = properties.getTrustStorePassword();
        String clientCertificate = properties.getClientCertificate();
        String clientKey = properties.getClientKey();
        SslBundle bundle = details.getSslBundle();
        if (bundle != null) {
            String name = properties.getSsl().getBundle() == null ? "of the connection details"
                    : properties.getSsl().getBundle();
            if (trustStore != null) {
                throw new InvalidConfigurationPropertyValueException("clicktype.batch.clickhouse.trust-store", trustStore,
                        "set either clicktype.batch.clickhouse.ssl.bundle or trust-store, not both");
            }
            SslBundleTrustStore.Materialized store = SslBundleTrustStore.write(name, bundle);
            trustStore = store.path().toString();
            trustStorePassword = store.password();
            SslBundleClientCertificate.Materialized client = SslBundleClientCertificate.write(name, bundle);
            if (client != null) {
                if (properties.getClientCertificate() != null) {
                    throw new InvalidConfigurationPropertyValueException(
                            "clicktype.batch.clickhouse.client-certificate", properties.getClientCertificate(),
                            "set either clicktype.batch.clickhouse.ssl.bundle with a key store or client-certificate, "
                                    + "not both");
                }
                clientCertificate = client.certificate().toString();
                clientKey = client.key().toString();
            }
        }
        ClusterConfig cluster = cluster(properties, tableModes);
        try {
            return new ConnectionConfig(details.getEndpoints(), details.getUsername(), details.getPassword(),
                    details.getDatabase(), properties.isCompress(), properties.getConnectTimeout(),
                    properties.getSocketTimeout(), trustStore, trustStorePassword, cluster, clientCertificate,
                    clientKey);
        } catch (ConfigValueException e) {
            if (e.field().startsWith("client")) {
                String property = e.field().equals("clientKeyPath") ? "clicktype.batch.clickhouse.client-key"
                        : "clicktype.batch.clickhouse.client-certificate";
                throw new InvalidConfigurationPropertyValueException(property, e.value(), e.getMessage());
            }
            // Timeouts come from the properties; endpoints, user and database from the details' source.
            if (e.field().endsWith("Timeout")) {
                String property = "clicktype.batch.clickhouse." + e.field().replace("Timeout", "-timeout");
                throw new InvalidConfigurationPropertyValueException(property, e.value(), e.getMessage());
            }
            throw new InvalidConfigurationPropertyValueException(source, value, e.getMessage());
        }
    }

    /** The cluster of {@code clicktype.batch.clickhouse.cluster*}, or {@code null} when none is named. */
    private static ClusterConfig cluster(ClickHouseProperties properties, Map<String, ClusterMode> tableModes) {
        if (!StringUtils.hasText(properties.getCluster())) {
            return null;
        }
        try {
            return new ClusterConfig(properties.getCluster().trim(), properties.getClusterMode(),
                    properties.isClusterForegroundInsert(), properties.getClusterTopologyRefresh(), tableModes);
        } catch (ConfigValueException e) {
            String property = e.field().equals("topologyRefresh") ? "clicktype.batch.clickhouse.cluster-topology-refresh"
                    : "clicktype.batch.clickhouse.cluster";
            throw new InvalidConfigurationPropertyValueException(property, e.value(), e.getMessage());
        }
    }

    private static ClickHouseConnectionDetails fromJdbc(String jdbcUrl, String user, String password, String source,
            ClickHouseProperties properties, SslBundle sslBundle) {
        // jdbc:clickhouse:http://host:8123/db?x=y, jdbc:clickhouse://host:8123/db, jdbc:clickhouse:https://...
        String rest = jdbcUrl.substring(JDBC_PREFIX.length());
        String withScheme = rest.startsWith("//") ? "http:" + rest : rest;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(source, shownJdbcUrl(jdbcUrl),
                    "not a ClickHouse JDBC url of the form jdbc:clickhouse:http://host:8123/database");
        }
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(scheme) ? 8443 : 8123;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? properties.getDatabase() : path;
        String endpoint = scheme + "://" + uri.getHost() + ":" + port;
        return new ResolvedClickHouseConnectionDetails(List.of(endpoint),
                StringUtils.hasText(user) ? user : properties.getUsername(),
                password != null ? password : properties.getPassword(), database, source, shownJdbcUrl(jdbcUrl),
                sslBundle);
    }

    /** A JDBC url for messages: without user info, and without its parameters (they may hold a password). */
    private static String shownJdbcUrl(String jdbcUrl) {
        String shown = ConnectionConfig.withoutUserInfo(jdbcUrl);
        int query = shown.indexOf('?');
        return query < 0 ? shown : shown.substring(0, query) + "?...";
    }

    /**
     * The client's pool size: {@code clicktype.batch.clickhouse.max-connections}, or one per table (each table's
     * sender holds a connection while its insert runs) plus 4 for spill replays and probes, at least client-v2's
     * default of {@value ConnectionConfig#DEFAULT_MAX_CONNECTIONS}.
     */
    public static int maxConnections(ClickHouseProperties properties, int tables) {
        Integer configured = properties.getMaxConnections();
        if (configured == null) {
            return Math.max(ConnectionConfig.DEFAULT_MAX_CONNECTIONS, tables + 4);
        }
        if (configured < 1) {
            throw new InvalidConfigurationPropertyValueException("clicktype.batch.clickhouse.max-connections",
                    configured, "must be at least 1 (one per table that sends at once is enough)");
        }
        return configured;
    }
}
