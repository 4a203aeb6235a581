package io.clicktype.batch.test;

import org.testcontainers.clickhouse.ClickHouseContainer;

/** A {@code clickhouse/clickhouse-server} container started through Testcontainers. */
final class ContainerClickHouseServer extends AbstractClickHouseServer {

    private final ClickHouseContainer container;
    private final HttpSql sql;
    private final String url;

    private ContainerClickHouseServer(ClickHouseContainer container) {
        this.container = container;
        this.url = "http://" + container.getHost() + ":" + container.getMappedPort(8123);
        this.sql = new HttpSql(url, container.getUsername(), container.getPassword());
    }

    /** Starts a container of {@code image}; it is removed when the JVM exits (Testcontainers' reaper). */
    @SuppressWarnings("resource")
    static ContainerClickHouseServer start(String image) {
        ClickHouseContainer container = new ClickHouseContainer(image);
        container.start();
        return new ContainerClickHouseServer(container);
    }

    @Override
    HttpSql sql() {
        return sql;
    }

    @Override
    public String httpUrl() {
        return url;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int httpPort() {
        return container.getMappedPort(8123);
    }

    @Override
    public int nativePort() {
        return container.getMappedPort(9000);
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String source() {
        return "testcontainers";
    }
}
