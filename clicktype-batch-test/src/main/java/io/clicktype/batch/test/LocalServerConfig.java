package io.clicktype.batch.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The files a throwaway local server needs: a minimal {@code config.xml} and {@code users.xml} in
 * its own directory, listening on loopback only, with data, logs and temp files inside that
 * directory. Understood by 18.16 and by current releases.
 *
 * @param directory       home of the server's files
 * @param httpPort        HTTP interface port
 * @param tcpPort         native protocol port
 * @param interserverPort replication port (unused, but must not clash)
 * @param timeZone        the server's time zone ({@code <timezone>}), e.g. {@code UTC}
 * @param settings        query settings of the default profile (e.g. {@code max_threads} = {@code 2})
 * @param listenHost      the loopback address the server listens on ({@code 127.0.0.1}; cluster nodes get
 *                        {@code 127.0.0.N} each, so that every node has a host of its own as in a real cluster)
 * @param tls             the HTTPS interface, or {@code null} for none
 */
record LocalServerConfig(Path directory, int httpPort, int tcpPort, int interserverPort, String timeZone,
        Map<String, String> settings, String listenHost, ServerTls tls) {

    LocalServerConfig(Path directory, int httpPort, int tcpPort, int interserverPort, String timeZone,
            Map<String, String> settings, String listenHost) {
        this(directory, httpPort, tcpPort, interserverPort, timeZone, settings, listenHost, null);
    }

    LocalServerConfig(Path directory, int httpPort, int tcpPort, int interserverPort) {
        this(directory, httpPort, tcpPort, interserverPort, "UTC", Map.of());
    }

    LocalServerConfig(Path directory, int httpPort, int tcpPort, int interserverPort, String timeZone,
            Map<String, String> settings) {
        this(directory, httpPort, tcpPort, interserverPort, timeZone, settings, LocalServerLaunch.LOOPBACK);
    }

    Path configFile() {
        return directory.resolve("config.xml");
    }

    Path logFile() {
        return directory.resolve("log/clickhouse-server.log");
    }

    Path errorLogFile() {
        return directory.resolve("log/clickhouse-server.err.log");
    }

    /** Writes both files and creates the directories they name. */
    void write() throws IOException {
        for (String sub : new String[] {"data", "tmp", "user_files", "format_schemas", "log"}) {
            Files.createDirectories(directory.resolve(sub));
        }
        Files.writeString(configFile(), configXml(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("users.xml"), usersXml(settings), StandardCharsets.UTF_8);
    }

    String configXml() {
        String dir = directory.toAbsolutePath().toString();
        return """
                <?xml version="1.0"?>
                <yandex>
                    <logger>
                        <level>information</level>
                        <log>%1$s/log/clickhouse-server.log</log>
                        <errorlog>%1$s/log/clickhouse-server.err.log</errorlog>
                        <size>100M</size>
                        <count>1</count>
                    </logger>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <interserver_http_port>%4$d</interserver_http_port>
                    <listen_host>%6$s</listen_host>
                    <max_connections>256</max_connections>
                    <keep_alive_timeout>3</keep_alive_timeout>
                    <max_concurrent_queries>100</max_concurrent_queries>
                    <uncompressed_cache_size>67108864</uncompressed_cache_size>
                    <mark_cache_size>67108864</mark_cache_size>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%1$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>%5$s</timezone>
                    <mlock_executable>false</mlock_executable>
                %7$s</yandex>
                """.formatted(dir, httpPort, tcpPort, interserverPort, timeZone, listenHost,
                tls == null ? "" : tls.configXml());
    }

    static String usersXml() {
        return usersXml(Map.of());
    }

    static String usersXml(Map<String, String> settings) {
        StringBuilder profile = new StringBuilder();
        settings.forEach((name, value) -> profile.append("            <").append(name).append('>').append(value)
                .append("</").append(name).append(">\n"));
        return """
                <?xml version="1.0"?>
                <yandex>
                    <profiles>
                        <default>
                            <max_memory_usage>4000000000</max_memory_usage>
                            <load_balancing>random</load_balancing>
                %s        </default>
                    </profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>127.0.0.0/8</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                    </users>
                    <quotas>
                        <default>
                            <interval>
                                <duration>3600</duration>
                                <queries>0</queries>
                                <errors>0</errors>
                                <result_rows>0</result_rows>
                                <read_rows>0</read_rows>
                                <execution_time>0</execution_time>
                            </interval>
                        </default>
                    </quotas>
                </yandex>
                """.formatted(profile);
    }
}
