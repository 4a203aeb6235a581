package io.clicktype.batch.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the batchers' ClickHouse is and who they connect as, in Spring Boot's {@link ConnectionDetails} style.
 *
 * <p>By default built from {@code clicktype.batch.clickhouse.*}; when that has no url, adapted from Boot's
 * {@code JdbcConnectionDetails} whose url is {@code jdbc:clickhouse:} (what {@code @ServiceConnection} and
 * Docker Compose give a Testcontainers {@code ClickHouseContainer} or a {@code clickhouse/clickhouse-server}
 * service), else from {@code spring.datasource.url}. Define your own bean to replace all of them. Timeouts,
 * compression and the trust store always come from {@code clicktype.batch.clickhouse.*}.
 */
public interface ClickHouseConnectionDetails extends ConnectionDetails {

    /** One or more base URLs of the HTTP interface, e.g. {@code http://host:8123}; empty when unknown. */
    List<String> getEndpoints();

    /** User name. */
    String getUsername();

    /** Password, may be empty. */
    String getPassword();

    /** Database of tables given without one. */
    String getDatabase();

    /** The SSL bundle whose trust store verifies the server, or {@code null} (trust-store properties, or the JVM's). */
    default SslBundle getSslBundle() {
        return null;
    }
}
