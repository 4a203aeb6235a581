package io.clicktype.batch.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One node of the test cluster: a {@link DebianServerLaunch} plus {@code config.d/cluster.xml} with the node's
 * ZooKeeper (through its own {@link TcpRelay}), its macros ({@code {shard}}, {@code {replica}}), the
 * interserver host (loopback, so replicas fetch parts from each other) and the {@code <remote_servers>} entry
 * naming every node by its native port with {@code internal_replication} on. 18.16 reads the {@code <yandex>}
 * root that current servers still accept.
 */
final class ClusterNodeLaunch implements LocalServerLaunch {

    private final DebianServerLaunch server;
    private final String clusterXml;

    ClusterNodeLaunch(List<String> command, String host, int shard, int replica, int zooKeeperPort,
            String remoteServers) {
        this.server = new DebianServerLaunch(command, "UTC", java.util.Map.of(), host);
        this.clusterXml = """
                <?xml version="1.0"?>
                <yandex>
                    <zookeeper>
                        <node><host>127.0.0.1</host><port>%d</port></node>
                        <session_timeout_ms>6000</session_timeout_ms>
                    </zookeeper>
                    <macros><shard>%d</shard><replica>r%d</replica></macros>
                    <interserver_http_host>%s</interserver_http_host>
                    <remote_servers>%s</remote_servers>
                </yandex>
                """.formatted(zooKeeperPort, shard, replica, host, remoteServers);
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public String source() {
        return "local-binary cluster node";
    }

    @Override
    public List<String> prepare(Path directory, LocalPorts ports) throws IOException {
        List<String> command = server.prepare(directory, ports);
        Path configD = directory.resolve("config.d");
        Files.createDirectories(configD);
        Files.writeString(configD.resolve("cluster.xml"), clusterXml, StandardCharsets.UTF_8);
        return command;
    }

    @Override
    public Path consoleLog(Path directory) {
        return server.consoleLog(directory);
    }

    @Override
    public List<Path> logFiles(Path directory) {
        return server.logFiles(directory);
    }

    @Override
    public String toString() {
        return server + " (cluster node)";
    }
}
