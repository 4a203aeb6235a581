package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.ConnectionConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** The property factories without Spring: what each property becomes, and which property a bad value names. */
class PropertyFactoriesTest {

    @Test
    void aTableOverrideWinsAndABadValueNamesTheExactPropertyItCameFrom() {
        ClickTypeBatchProperties properties = new ClickTypeBatchProperties();
        properties.setMaxRows(100);
        ClickTypeBatchProperties.TableProperties clicks = new ClickTypeBatchProperties.TableProperties();
        clicks.setMaxRows(0);
        properties.getTables().put("clicks", clicks);
        BatchConfigFactory factory = new BatchConfigFactory(properties);

        assertThat(factory.forTable("page_views").maxRows()).isEqualTo(100);
        assertThatThrownBy(() -> factory.forTable("clicks"))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationPropertyValueException) e).getName())
                        .isEqualTo("clicktype.batch.tables.clicks.max-rows"));
        properties.setMaxWait(Duration.ZERO);
        assertThatThrownBy(() -> factory.forTable("page_views"))
                .satisfies(e -> assertThat(((InvalidConfigurationPropertyValueException) e).getName())
                        .isEqualTo("clicktype.batch.max-wait"));
        assertThat(new BatchConfigFactory(new ClickTypeBatchProperties()).forTable("any")).isEqualTo(BatchConfig.defaults());
    }

    @Test
    void minRowsAndMaxLingerUnsetAreTheCoresDefaultsWhichFollowMaxRowsAndMaxWait() {
        ClickTypeBatchProperties properties = new ClickTypeBatchProperties();
        BatchConfigFactory factory = new BatchConfigFactory(properties);
        assertThat(factory.forTable("any")).extracting(BatchConfig::minRows, BatchConfig::maxLinger)
                .containsExactly(BatchConfig.DEFAULT_MIN_ROWS, BatchConfig.DEFAULT_MAX_LINGER);

        properties.setMaxRows(500);
        properties.setMaxWait(Duration.ofSeconds(2));
        assertThat(factory.forTable("any")).extracting(BatchConfig::minRows, BatchConfig::maxLinger)
                .containsExactly(500, Duration.ofSeconds(20));

        ClickTypeBatchProperties.TableProperties live = new ClickTypeBatchProperties.TableProperties();
        live.setMinRows(0);
        properties.getTables().put("alerts", live);
        assertThat(factory.forTable("alerts").minRows()).as("a table that must land within max-wait").isZero();
    }

    @Test
    void connectionDetailsBecomeTheCoreConnectionAndABadTimeoutNamesItsProperty() {
        ClickTypeBatchProperties.ClickHouseProperties clickhouse = new ClickTypeBatchProperties.ClickHouseProperties();
        clickhouse.setUrl("http://a:8123, http://b:8123");
        clickhouse.setDatabase("analytics");
        ClickHouseConnectionDetails details = ConnectionConfigFactory.details(clickhouse, null, null, null, null);

        ConnectionConfig connection = ConnectionConfigFactory.create(details, clickhouse);
        assertThat(connection.endpoints()).containsExactly("http://a:8123", "http://b:8123");
        assertThat(connection.database()).isEqualTo("analytics");
        assertThat(connection.socketTimeout()).isEqualTo(ConnectionConfig.DEFAULT_SOCKET_TIMEOUT);

        clickhouse.setSocketTimeout(Duration.ZERO);
        assertThatThrownBy(() -> ConnectionConfigFactory.create(details, clickhouse))
                .satisfies(e -> assertThat(((InvalidConfigurationPropertyValueException) e).getName())
                        .isEqualTo("clicktype.batch.clickhouse.socket-timeout"));
    }

    @Test
    void aJdbcUrlGivesEndpointDatabaseAndUser() {
        ClickHouseConnectionDetails details = ConnectionConfigFactory.details(
                new ClickTypeBatchProperties.ClickHouseProperties(), "jdbc:clickhouse:https://ch.example:8443/events",
                "ingest", "pw", "spring.datasource.url");

        assertThat(details.getEndpoints()).containsExactly("https://ch.example:8443");
        assertThat(details.getDatabase()).isEqualTo("events");
        assertThat(details.getUsername()).isEqualTo("ingest");
        assertThat(ConnectionConfigFactory.details(new ClickTypeBatchProperties.ClickHouseProperties(),
                "jdbc:postgresql://db/app", null, null, "spring.datasource.url")).isNull();
    }

    @Test
    void thePoolHasAConnectionPerTablePlusFourAtLeastTenUnlessSet() {
        ClickTypeBatchProperties.ClickHouseProperties clickhouse = new ClickTypeBatchProperties().getClickhouse();
        org.assertj.core.api.Assertions.assertThat(ConnectionConfigFactory.maxConnections(clickhouse, 2)).isEqualTo(10);
        org.assertj.core.api.Assertions.assertThat(ConnectionConfigFactory.maxConnections(clickhouse, 50)).isEqualTo(54);
        clickhouse.setMaxConnections(3);
        org.assertj.core.api.Assertions.assertThat(ConnectionConfigFactory.maxConnections(clickhouse, 50)).isEqualTo(3);
        clickhouse.setMaxConnections(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectionConfigFactory.maxConnections(clickhouse, 50))
                .hasMessageContaining("clicktype.batch.clickhouse.max-connections");
    }
}
