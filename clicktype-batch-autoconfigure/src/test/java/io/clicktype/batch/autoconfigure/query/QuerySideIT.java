package io.clicktype.batch.autoconfigure.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.autoconfigure.ClickTypeBatchAutoConfiguration;
import io.clicktype.batch.autoconfigure.ClickTypeBatchMetricsAutoConfiguration;
import io.clicktype.batch.test.ClickHouseAssumptions;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The starter's query side for real: an app that ingests through {@code BatcherHandle} and reads back through
 * the pooled {@code DataSource} (clickhouse-jdbc under HikariCP, {@code JdbcTemplate}) from one
 * {@code spring.datasource.url}, with Hikari's pool meters beside ours in Actuator's metrics endpoint.
 * The JDBC driver reads results as {@code RowBinaryWithNamesAndTypes}, which 18.16 lacks (and it ignores the
 * driver's format and database headers), so this runs where the server has that format.
 */
@ClickHouseTest
class QuerySideIT {

    /** A row of {@code page_hits}. */
    @ClickTable("page_hits")
    public record PageHit(long id, String url) {
    }

    @TempDir
    Path spill;

    @Test
    void ingestedRowsAreReadBackThroughThePooledDataSourceAndBothShowInMetrics(ClickHouseServer server,
            TestDatabase db) {
        db.execute("CREATE TABLE page_hits (id UInt64, url String) ENGINE = MergeTree() ORDER BY id");
        ClickHouseAssumptions.assumeFormat(server, "RowBinaryWithNamesAndTypes");
        String table = "page_hits";
        String jdbcUrl = "jdbc:clickhouse://" + server.host() + ":" + server.httpPort() + "/" + db.name();

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        DataSourcePoolMetricsAutoConfiguration.class, MetricsEndpointAutoConfiguration.class,
                        ClickTypeBatchAutoConfiguration.class, ClickTypeBatchMetricsAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + jdbcUrl,
                        "spring.datasource.username=" + server.username(),
                        "spring.datasource.password=" + server.password(),
                        "management.endpoints.web.exposure.include=metrics",
                        "clicktype.batch.packages=" + QuerySideIT.class.getPackageName(),
                        "clicktype.batch.spill.directory=" + spill)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    BatcherHandle<PageHit> hits = context.getBean(BatcherHandle.class);
                    for (long id = 1; id <= 500; id++) {
                        hits.insert(new PageHit(id, "/p" + (id % 5)));
                    }
                    hits.flush().get(30, TimeUnit.SECONDS);

                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    assertThat(context.getBean(DataSource.class).getClass().getName())
                            .isEqualTo("com.zaxxer.hikari.HikariDataSource");
                    assertThat(jdbc.queryForObject("SELECT count() FROM " + table, Long.class)).isEqualTo(500L);
                    List<Map<String, Object>> top = jdbc.queryForList(
                            "SELECT url, count() AS hits FROM " + table + " GROUP BY url ORDER BY url LIMIT 2");
                    assertThat(top).extracting(row -> row.get("url")).containsExactly("/p0", "/p1");

                    MetricsEndpoint metrics = context.getBean(MetricsEndpoint.class);
                    assertThat(metrics.listNames().getNames()).contains("hikaricp.connections.active",
                            "hikaricp.connections.usage", "clicktype.batch.rows", "clicktype.batch.flushes");
                    assertThat(metrics.metric("clicktype.batch.rows", List.of("outcome:accepted"))
                            .getMeasurements().get(0).getValue()).isEqualTo(500.0);
                    assertThat(metrics.metric("hikaricp.connections.usage", List.of()).getMeasurements().get(0)
                            .getValue()).isPositive();
                });
    }
}
