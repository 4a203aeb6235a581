package io.clicktype.batch.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** A Spring test annotated @AutoConfigureClickHouse gets the JVM's server in the starter's properties and as a bean. */
@ExtendWith(SpringExtension.class)
@ContextConfiguration(classes = AutoConfigureClickHouseIT.Empty.class)
@TestPropertySource(properties = "clicktype.batch.clickhouse.url=http://overridden:8123")
@AutoConfigureClickHouse
class AutoConfigureClickHouseIT {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Value("${clicktype.batch.clickhouse.url}")
    String url;

    @Value("${clicktype.batch.clickhouse.username}")
    String username;

    @Autowired
    ClickHouseServer server;

    @Test
    void theSharedServerIsInThePropertiesOverTheTestsOwnAndIsABean() {
        assertThat(server).isSameAs(ClickHouseServers.shared());
        assertThat(url).isEqualTo(server.httpUrl());
        assertThat(username).isEqualTo(server.username());
        assertThat(server.execute("SELECT 1").trim()).isEqualTo("1");
    }
}
