package io.clicktype.batch.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse 26.7 from chDB's {@code libchdb.so} ({@link ChdbPackage}), hosted by a few lines of Python
 * ({@code chdb_server.py}, through {@code ctypes}) that run clickhouse-local's main with
 * {@code SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP} and then a query that blocks, so the server's
 * real HTTP and native listeners live as long as the process. Data lives in {@code <directory>/data}, so
 * a restart with the same command finds its tables again.
 *
 * <p>Why Python: it is on every machine the tests run on, needs no compile step and no JDK 22+, and its
 * whole job is one C call. The process is the server: SIGKILL is a crash, as for {@code clickhouse-server}.
 */
final class ChdbServerLaunch implements LocalServerLaunch {

    /** Blocks for ~3 years: one second per one-row block, the longest a {@code sleepEachRow} allows per block. */
    static final String SERVE_QUERY = "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; "
            + "SELECT sleepEachRow(1) FROM numbers(100000000) SETTINGS max_block_size = 1 FORMAT Null";

    private final String python;
    private final Path library;
    private final String timeZone;
    private final Map<String, String> settings;
    private final String host;
    private final String serverConfigXml;

    ChdbServerLaunch(String python, Path library, String timeZone, Map<String, String> settings) {
        this(python, library, timeZone, settings, LOOPBACK, null);
    }

    /**
     * @param host            the loopback address to listen on
     * @param serverConfigXml a server configuration file's content (root {@code <clickhouse>}) given to
     *                        clickhouse-local with {@code --config-file}, e.g. {@code <remote_servers>} for a
     *                        cluster node; {@code null} for none
     */
    ChdbServerLaunch(String python, Path library, String timeZone, Map<String, String> settings, String host,
            String serverConfigXml) {
        this.python = python;
        this.library = library;
        this.timeZone = timeZone;
        this.settings = Map.copyOf(settings);
        this.host = host;
        this.serverConfigXml = serverConfigXml;
    }

    /** This launch listening on {@code listenHost} with {@code configXml} as its server configuration. */
    ChdbServerLaunch withServerConfig(String listenHost, String configXml) {
        return new ChdbServerLaunch(python, library, timeZone, settings, listenHost, configXml);
    }

    @Override
    public String host() {
        return host;
    }

    /** The route as the harness uses it: {@code python3} from PATH and the cached, verified library, in UTC. */
    static ChdbServerLaunch standard() {
        return standard("UTC", Map.of());
    }

    /** As {@link #standard()}, in time zone {@code timeZone}, with {@code settings} as the sessions' defaults. */
    static ChdbServerLaunch standard(String timeZone, Map<String, String> settings) {
        String python = LocalClickHouseServer.onPath("python3") != null ? "python3" : null;
        if (python == null) {
            throw new IllegalStateException("the chDB route (ClickHouse " + ChdbPackage.ENGINE_VERSION
                    + ") needs python3 on PATH to host libchdb.so; install python3 (apt-get install -y python3)");
        }
        return new ChdbServerLaunch(python, ChdbPackage.standard().library(), timeZone, settings);
    }

    @Override
    public String source() {
        return "chdb";
    }

    @Override
    public List<String> prepare(Path directory, LocalPorts ports) throws IOException {
        Files.createDirectories(directory.resolve("data"));
        Files.createDirectories(directory.resolve("log"));
        Path host = directory.resolve("chdb_server.py");
        try (InputStream script = ChdbServerLaunch.class.getResourceAsStream("chdb_server.py")) {
            if (script == null) {
                throw new IllegalStateException("chdb_server.py is missing from the clicktype-batch-test jar");
            }
            Files.copy(script, host, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> line = new ArrayList<>(List.of(python, host.toString(), library.toString(),
                "--path=" + directory.resolve("data") + "/",
                "--http_port=" + ports.http(),
                "--tcp_port=" + ports.tcp(),
                "--listen_host=" + this.host,
                "--multiquery",
                // warnings and errors, and the stack of a fatal error, go to a log file kept when the server dies
                "--logger.log=" + directory.resolve("log/server.log"),
                "--logger.level=warning",
                "--query=" + SERVE_QUERY));
        // Query settings on clickhouse-local's command line become the defaults of every HTTP session.
        settings.forEach((name, value) -> line.add("--" + name + "=" + value));
        // Server configuration after "--": idle HTTP connections close after 3 s, as in the 18.16 config.
        line.add("--");
        line.add("--keep_alive_timeout=3");
        if (serverConfigXml != null) {
            Path config = directory.resolve("config.xml");
            Files.writeString(config, serverConfigXml, java.nio.charset.StandardCharsets.UTF_8);
            line.add("--config-file=" + config);
        }
        return line;
    }

    /** The server's time zone (UTC unless asked otherwise, as in the generated 18.16 config), whatever the machine's is. */
    @Override
    public Map<String, String> environment() {
        return Map.of("TZ", timeZone);
    }

    @Override
    public Path consoleLog(Path directory) {
        return directory.resolve("log/chdb.log");
    }

    @Override
    public List<Path> logFiles(Path directory) {
        return List.of(consoleLog(directory), directory.resolve("log/server.log"));
    }

    @Override
    public String toString() {
        return "chDB " + ChdbPackage.PACKAGE_VERSION + " (ClickHouse " + ChdbPackage.ENGINE_VERSION + ") via " + python;
    }
}
