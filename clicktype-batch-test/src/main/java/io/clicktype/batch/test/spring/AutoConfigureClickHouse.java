package io.clicktype.batch.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Spring test class ({@code @SpringBootTest}, or any Spring TestContext test): connects the clicktype-batch
 * starter to the ClickHouse of this test JVM, {@link io.clicktype.batch.test.ClickHouseServers#shared()} — the
 * server in {@code CLICKHOUSE_URL}, else the one {@code CLICKHOUSE_SERVER} pins (e.g. {@code chdb}: ClickHouse 26.7
 * started for the JVM), else Testcontainers where Docker answers, else a local binary or chDB. Its url, user and
 * password become {@code clicktype.batch.clickhouse.*} (over the application's own values), and the
 * {@link io.clicktype.batch.test.ClickHouseServer} is a bean, to create tables and query what landed.
 *
 * <p>The tables must exist before the context starts, as each batcher reads its table at start: create them in a
 * static {@code @BeforeAll} with {@code ClickHouseServers.shared().execute(...)}, or in the application itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureClickHouse {
}
