package io.clicktype.batch.test;

import java.net.URI;

/** A server the environment points at ({@code CLICKHOUSE_URL}); started and stopped by someone else. */
final class ExternalClickHouseServer extends AbstractClickHouseServer {

    private final String url;
    private final String username;
    private final String password;
    private final String source;
    private final HttpSql sql;

    ExternalClickHouseServer(String url, String username, String password, String source) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.username = username == null || username.isEmpty() ? "default" : username;
        this.password = password == null ? "" : password;
        this.source = source;
        this.sql = new HttpSql(this.url, this.username, this.password);
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
        return URI.create(url).getHost();
    }

    @Override
    public int httpPort() {
        int port = URI.create(url).getPort();
        return port > 0 ? port : url.startsWith("https") ? 443 : 80;
    }

    @Override
    public int nativePort() {
        String port = System.getenv("CLICKHOUSE_TCP_PORT");
        return port == null || port.isBlank() ? 9000 : Integer.parseInt(port.trim());
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String source() {
        return source;
    }
}
