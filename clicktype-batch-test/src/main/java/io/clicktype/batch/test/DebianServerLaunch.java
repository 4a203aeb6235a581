package io.clicktype.batch.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code clickhouse-server} (or {@code clickhouse server}) binary from PATH, e.g. Debian's 18.16, run
 * with a generated {@code config.xml} ({@link LocalServerConfig}).
 */
final class DebianServerLaunch implements LocalServerLaunch {

    private final List<String> command;
    private final String timeZone;
    private final Map<String, String> settings;
    private final String host;
    private final ServerTls tls;

    DebianServerLaunch(List<String> command) {
        this(command, "UTC", Map.of());
    }

    /** A server in time zone {@code timeZone} whose default profile has {@code settings}. */
    DebianServerLaunch(List<String> command, String timeZone, Map<String, String> settings) {
        this(command, timeZone, settings, LOOPBACK);
    }

    /** As above, listening on the loopback address {@code host} (e.g. {@code 127.0.0.3}). */
    DebianServerLaunch(List<String> command, String timeZone, Map<String, String> settings, String host) {
        this(command, timeZone, settings, host, null);
    }

    /** As above, with an HTTPS interface ({@code null}: none). */
    DebianServerLaunch(List<String> command, String timeZone, Map<String, String> settings, String host,
            ServerTls tls) {
        this.tls = tls;
        this.command = List.copyOf(command);
        this.timeZone = timeZone;
        this.settings = Map.copyOf(settings);
        this.host = host;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String source() {
        return "local-binary";
    }

    @Override
    public List<String> prepare(Path directory, LocalPorts ports) throws IOException {
        LocalServerConfig config = new LocalServerConfig(directory, ports.http(), ports.tcp(), ports.interserver(),
                timeZone, settings, host, tls);
        config.write();
        List<String> line = new ArrayList<>(command);
        line.add("--config-file=" + config.configFile());
        return line;
    }

    @Override
    public Path consoleLog(Path directory) {
        return null;
    }

    @Override
    public List<Path> logFiles(Path directory) {
        LocalServerConfig config = new LocalServerConfig(directory, 0, 0, 0);
        return List.of(config.logFile(), config.errorLogFile());
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
