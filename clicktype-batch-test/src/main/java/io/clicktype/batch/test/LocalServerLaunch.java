package io.clicktype.batch.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one kind of local ClickHouse is run as a child process: the files it needs in its directory, its
 * command line and where it writes its log. {@link LocalClickHouseServer} owns the process (ports,
 * watchdog, pid files, restart); this says only what to run.
 */
interface LocalServerLaunch {

    /** The address local servers listen on unless a launch says otherwise. */
    String LOOPBACK = "127.0.0.1";

    /** The loopback address the server listens on. */
    default String host() {
        return LOOPBACK;
    }

    /** The {@link ClickHouseServer#source()} of servers run this way, e.g. {@code local-binary}. */
    String source();

    /**
     * Writes what the server needs under {@code directory} and returns its command line. Called once per
     * directory; the same command is run again by {@link ClickHouseServer#start()} on the same data.
     */
    List<String> prepare(Path directory, LocalPorts ports) throws IOException;

    /** Environment variables the server process gets on top of the JVM's. */
    default Map<String, String> environment() {
        return Map.of();
    }

    /** Where the process's standard output and error go ({@code null}: discarded, it logs by itself). */
    Path consoleLog(Path directory);

    /** The log files to name when the server fails to start. */
    List<Path> logFiles(Path directory);

    /**
     * Distinct free loopback ports of one server.
     *
     * @param http        HTTP interface
     * @param tcp         native protocol
     * @param interserver replication (unused, but must not clash)
     */
    record LocalPorts(int http, int tcp, int interserver) {
    }
}
