package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.ConnectionConfig;
import io.clicktype.batch.autoconfigure.ClickTypeBatchProperties.ClickHouseProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Builds the core {@link ConnectionConfig} from {@code clicktype.batch.clickhouse.*}, or, when no url
 * is set there, from a {@code jdbc:clickhouse:} JDBC url with its user and password (so that ClickHouse
 * is configured once for queries and for ingestion).
 */
public final class ConnectionConfigFactory {

    private ConnectionConfigFactory() {
    }

    /**
     * @param properties   {@code clicktype.batch.clickhouse.*}
     * @param jdbcUrl      {@code spring.datasource.url}, or {@code null}
     * @param jdbcUser     {@code spring.datasource.username}, or {@code null}
     * @param jdbcPassword {@code spring.datasource.password}, or {@code null}
     * @return the connection, or {@code null} when neither source names a ClickHouse server
     * @throws InvalidConfigurationPropertyValueException when the url is not an http(s) url
     */
    public static ConnectionConfig create(ClickHouseProperties properties, String jdbcUrl, String jdbcUser,
            String jdbcPassword) {
        if (StringUtils.hasText(properties.getUrl())) {
            List<String> endpoints = new ArrayList<>();
            for (String url : StringUtils.commaDelimitedListToStringArray(properties.getUrl())) {
                if (StringUtils.hasText(url)) {
                    endpoints.add(url.trim());
                }
            }
            return connection("clicktype.batch.clickhouse.url", properties.getUrl(), endpoints, properties.getUsername(),
                    properties.getPassword(), properties.getDatabase(), properties);
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:clickhouse:")) {
            return fromJdbc(jdbcUrl, jdbcUser, jdbcPassword, properties);
        }
        return null;
    }

    private static ConnectionConfig fromJdbc(String jdbcUrl, String user, String password,
            ClickHouseProperties properties) {
        // jdbc:clickhouse:http://host:8123/db?x=y, jdbc:clickhouse://host:8123/db, jdbc:clickhouse:https://...
        String rest = jdbcUrl.substring("jdbc:clickhouse:".length());
        String withScheme = rest.startsWith("//") ? "http:" + rest : rest;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("spring.datasource.url", jdbcUrl,
                    "not a ClickHouse JDBC url of the form jdbc:clickhouse:http://host:8123/database");
        }
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(scheme) ? 8443 : 8123;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? properties.getDatabase() : path;
        String endpoint = scheme + "://" + uri.getHost() + ":" + port;
        return connection("spring.datasource.url", jdbcUrl, List.of(endpoint),
                StringUtils.hasText(user) ? user : properties.getUsername(),
                password != null ? password : properties.getPassword(), database, properties);
    }

    private static ConnectionConfig connection(String property, String value, List<String> endpoints, String user,
            String password, String database, ClickHouseProperties properties) {
        try {
            return new ConnectionConfig(endpoints, user, password, database, properties.isCompress(),
                    properties.getConnectTimeout(), properties.getSocketTimeout(), properties.getTrustStore(),
                    properties.getTrustStorePassword());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }
}
