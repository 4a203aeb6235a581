package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Where the connection comes from: a user's bean, else the properties, else Boot's JDBC connection details. */
class ClickHouseConnectionDetailsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false", "clicktype.batch.validation=off",
                    "clicktype.batch.deduplication=off");

    private static JdbcConnectionDetails jdbc(String url) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "jdbc-user";
            }

            @Override
            public String getPassword() {
                return "jdbc-secret";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }

    @Test
    void aClickHouseJdbcConnectionDetailsBeanIsAdapted() {
        runner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:clickhouse://10.1.1.1:18123/analytics"))
                .run(context -> {
                    ClickHouseConnectionDetails details = context.getBean(ClickHouseConnectionDetails.class);
                    assertThat(details.getEndpoints()).containsExactly("http://10.1.1.1:18123");
                    assertThat(details.getDatabase()).isEqualTo("analytics");
                    assertThat(details.getUsername()).isEqualTo("jdbc-user");
                    assertThat(details.toString()).doesNotContain("jdbc-secret");
                    assertThat(context.getBean(ClickHouseTransport.class).toString()).contains("10.1.1.1:18123");
                });
    }

    @Test
    void theUrlPropertyWinsOverJdbcConnectionDetailsAndAUsersBeanWinsOverBoth() {
        runner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:clickhouse://10.1.1.1:18123/analytics"))
                .withPropertyValues("clicktype.batch.clickhouse.url=http://10.2.2.2:8123")
                .run(context -> assertThat(context.getBean(ClickHouseConnectionDetails.class).getEndpoints())
                        .containsExactly("http://10.2.2.2:8123"));
        ClickHouseConnectionDetails mine = new ResolvedClickHouseConnectionDetails(List.of("http://10.3.3.3:8123"),
                "me", "", "mine", "a test's bean", "http://10.3.3.3:8123");
        runner.withBean(ClickHouseConnectionDetails.class, () -> mine)
                .withPropertyValues("clicktype.batch.clickhouse.url=http://10.2.2.2:8123")
                .run(context -> assertThat(context.getBean(ClickHouseTransport.class).toString())
                        .contains("10.3.3.3:8123", "database=mine"));
    }

    @Test
    void anSslBundlesTrustStoreBecomesTheClientsTrustStore() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        org.springframework.boot.ssl.SslBundle bundle = org.springframework.boot.ssl.SslBundle.of(
                org.springframework.boot.ssl.SslStoreBundle.of(null, null, trust));
        org.springframework.boot.ssl.DefaultSslBundleRegistry bundles = new org.springframework.boot.ssl.DefaultSslBundleRegistry();
        bundles.registerBundle("clickhouse", bundle);
        runner.withBean(org.springframework.boot.ssl.SslBundles.class, () -> bundles)
                .withPropertyValues("clicktype.batch.clickhouse.url=https://10.4.4.4:8443",
                        "clicktype.batch.clickhouse.ssl.bundle=clickhouse")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ClickHouseConnectionDetails details = context.getBean(ClickHouseConnectionDetails.class);
                    assertThat(details.getSslBundle()).isSameAs(bundle);
                    io.clicktype.batch.ConnectionConfig connection = ConnectionConfigFactory.create(details,
                            context.getBean(ClickTypeBatchProperties.class).getClickhouse());
                    java.security.KeyStore written = java.security.KeyStore.getInstance("PKCS12");
                    try (java.io.InputStream in = java.nio.file.Files.newInputStream(
                            java.nio.file.Path.of(connection.trustStorePath()))) {
                        written.load(in, connection.trustStorePassword().toCharArray());
                    }
                    assertThat(written.size()).isZero();
                });
        runner.withBean(org.springframework.boot.ssl.SslBundles.class, () -> bundles)
                .withPropertyValues("clicktype.batch.clickhouse.url=https://10.4.4.4:8443",
                        "clicktype.batch.clickhouse.ssl.bundle=clickhouse",
                        "clicktype.batch.clickhouse.trust-store=/etc/ssl/ch.p12")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("set either clicktype.batch.clickhouse.ssl.bundle or trust-store"));
    }

    @Test
    void jdbcConnectionDetailsOfAnotherDatabaseLeaveClickHouseUnconfigured() {
        runner.withBean(JdbcConnectionDetails.class, () -> jdbc("jdbc:postgresql://db:5432/app"))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(ClickHouseNotConfiguredException.class));
    }
}
