package io.clicktype.batch.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ClickHouse run as a child process in a temp directory on free loopback ports: Debian's
 * {@code clickhouse-server} from PATH ({@link DebianServerLaunch}) or chDB's 26.7 engine
 * ({@link ChdbServerLaunch}); the {@link LocalServerLaunch} says what to run, this class owns the process.
 *
 * <p>Three things make sure no server outlives its JVM: a shutdown hook stops it; a watchdog shell
 * around the server kills it within a second or two when the JVM disappears (e.g. {@code kill -9});
 * and a pid file lets the next run sweep up anything else ({@link PidFiles}). The server log is kept
 * and its path printed when start-up fails.
 */
final class LocalClickHouseServer extends AbstractClickHouseServer implements OwnedClickHouseServer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClickHouseServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final LocalServerLaunch launch;
    private final Path directory;
    private final LocalServerLaunch.LocalPorts ports;
    private final List<String> command;
    private final PidFiles pidFiles;
    private final HttpSql sql;
    private final String url;
    private ProcessHandle server;
    private Path pidFile;
    /** Set when start-up failed: the directory (with the server's log) then survives the JVM. */
    private boolean keepFiles;

    private LocalClickHouseServer(LocalServerLaunch launch, Path directory, LocalServerLaunch.LocalPorts ports,
            List<String> command, PidFiles pidFiles) {
        this.launch = launch;
        this.directory = directory;
        this.ports = ports;
        this.command = command;
        this.pidFiles = pidFiles;
        this.url = "http://" + launch.host() + ":" + ports.http();
        this.sql = new HttpSql(url, "default", "");
    }

    /** The command that starts a server from PATH, or {@code null} when there is none. */
    static List<String> findBinary() {
        Path serverBinary = onPath("clickhouse-server");
        if (serverBinary != null) {
            return List.of(serverBinary.toString());
        }
        Path multiBinary = onPath("clickhouse");
        return multiBinary == null ? null : List.of(multiBinary.toString(), "server");
    }

    /** Starts a {@code clickhouse-server} binary with a generated config; returns once it answers {@code /ping}. */
    static LocalClickHouseServer start(List<String> command) {
        return start(new DebianServerLaunch(command));
    }

    /** Prepares a fresh directory for {@code launch} and starts it; returns once it answers {@code /ping}. */
    static LocalClickHouseServer start(LocalServerLaunch launch) {
        try {
            return start(launch, freePortSets(1).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free ports for a local ClickHouse server", e);
        }
    }

    /**
     * Prepares a fresh directory for {@code launch} and starts it on {@code ports} (chosen beforehand, e.g. by
     * {@link #freePortSets(int)} when servers must name each other's ports); returns once it answers {@code /ping}.
     */
    static LocalClickHouseServer start(LocalServerLaunch launch, LocalServerLaunch.LocalPorts ports) {
        PidFiles pidFiles = PidFiles.standard();
        int swept = pidFiles.sweep();
        if (swept > 0) {
            LOG.warn("Removed {} ClickHouse server(s) left behind by earlier killed test runs", swept);
        }
        try {
            Path directory = Files.createTempDirectory("clicktype-clickhouse-");
            List<String> command = launch.prepare(directory, ports);
            LocalClickHouseServer server = new LocalClickHouseServer(launch, directory, ports, command, pidFiles);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "clickhouse-test-server-shutdown"));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a local ClickHouse server", e);
        }
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
        return launch.host();
    }

    @Override
    public int httpPort() {
        return ports.http();
    }

    @Override
    public int nativePort() {
        return ports.tcp();
    }

    @Override
    public String username() {
        return "default";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String source() {
        return launch.source();
    }

    @Override
    public boolean canRestart() {
        return true;
    }

    /** Kills the server (SIGKILL, like a crash) and waits until it is gone. */
    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        if (!server.isAlive()) {
            // nobody stopped it: it crashed. Its log says why, so it is kept
            keepFiles = true;
            LOG.warn("Local ClickHouse at {} (pid {}) had exited by itself before this stop; its log is kept at {}",
                    url, server.pid(), logFilesText());
        }
        server.destroyForcibly();
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ClickHouse pid " + server.pid() + " did not exit after SIGKILL", e);
        }
        server = null;
        deletePidFile();
        LOG.info("Stopped local ClickHouse at {}", url);
    }

    /**
     * Starts the server again if it exited without {@link #stop()} being called (it crashed), keeping the crashed
     * run's log files (renamed with a {@code .crashed-<epoch ms>} suffix, and the directory kept at the end).
     *
     * @return whether it had exited and was started again
     */
    public synchronized boolean restartIfExited() {
        if (server == null || server.isAlive()) {
            return false;
        }
        keepFiles = true;
        String suffix = ".crashed-" + System.currentTimeMillis();
        List<String> kept = new ArrayList<>();
        for (Path log : launch.logFiles(directory)) {
            try {
                if (Files.exists(log)) {
                    Path renamed = log.resolveSibling(log.getFileName() + suffix);
                    Files.move(log, renamed);
                    kept.add(renamed.toString());
                }
            } catch (IOException e) {
                LOG.debug("could not keep {}", log, e);
            }
        }
        LOG.warn("Local ClickHouse at {} (pid {}) exited by itself; starting it again. Its log is kept at {}", url,
                server.pid(), kept);
        server = null;
        deletePidFile();
        launch();
        return true;
    }

    @Override
    public synchronized void start() {
        if (server == null) {
            launch();
        }
    }

    /** Stops the server and deletes its directory (kept when it failed to start). Idempotent. */
    @Override
    public void close() {
        shutdown();
    }

    private synchronized void shutdown() {
        try {
            stop();
        } finally {
            if (keepFiles) {
                LOG.warn("Keeping the failed local ClickHouse's files and log in {}", directory);
            } else {
                Directories.deleteRecursively(directory);
            }
        }
    }

    private synchronized void launch() {
        long jvm = ProcessHandle.current().pid();
        Path serverPidFile = directory.resolve("server.pid");
        Path console = launch.consoleLog(directory);
        String serverCommand = String.join(" ", quoteAll(command))
                + " >>" + (console == null ? "/dev/null" : quote(console.toString())) + " 2>&1";
        // The watchdog shell: starts the server, records its pid, and kills it as soon as this JVM is gone.
        String script = serverCommand + " & ch=$!; echo $ch > " + quote(serverPidFile.toString()) + "; "
                + "while kill -0 " + jvm + " 2>/dev/null && kill -0 $ch 2>/dev/null; do sleep 1; done; "
                + "kill -9 $ch 2>/dev/null; wait $ch";
        try {
            Files.deleteIfExists(serverPidFile);
            ProcessBuilder watchdog = new ProcessBuilder("sh", "-c", script)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("log/watchdog.out").toFile());
            watchdog.environment().putAll(launch.environment());
            watchdog.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!HttpSql.ping(url)) {
                if (server == null) {
                    server = readPid(serverPidFile);
                }
                boolean died = server != null && !server.isAlive();
                if (died || System.nanoTime() > deadline) {
                    if (server != null) {
                        server.destroyForcibly();
                    }
                    server = null;
                    keepFiles = true;
                    throw new IllegalStateException("local ClickHouse (" + launch + ") "
                            + (died ? "exited during start-up" : "did not answer " + url + "/ping within "
                            + START_TIMEOUT.toSeconds() + " s") + "; its log is kept at "
                            + logFilesText());
                }
                pause();
            }
            if (server == null) {
                server = readPid(serverPidFile);
            }
            if (server == null) {
                throw new IllegalStateException("local ClickHouse answers at " + url + " but wrote no pid to "
                        + serverPidFile + "; is another server using the port?");
            }
            pidFile = pidFiles.record(server.pid(), jvm, directory);
            LOG.info("Started local ClickHouse ({}, pid {}) at {} in {}", launch, server.pid(), url, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start local ClickHouse", e);
        }
    }

    /** The running server's process, for tests that crash it without {@link #stop()}; empty when stopped. */
    synchronized java.util.Optional<ProcessHandle> process() {
        return java.util.Optional.ofNullable(server);
    }

    /** The server's log files, for a message: "a and b". */
    private String logFilesText() {
        return launch.logFiles(directory).stream().map(Path::toString)
                .collect(java.util.stream.Collectors.joining(" and "));
    }

    private static ProcessHandle readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return null;
            }
            return ProcessHandle.of(Long.parseLong(text)).orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void deletePidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                LOG.debug("could not delete {}", pidFile, e);
            }
            pidFile = null;
        }
    }

    /** Polling an external process that cannot notify us: a short, bounded pause between /ping attempts. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting ClickHouse", e);
        }
    }

    /** Port sets for {@code servers} servers, all distinct. */
    static List<LocalServerLaunch.LocalPorts> freePortSets(int servers) throws IOException {
        int[] free = freePorts(3 * servers);
        List<LocalServerLaunch.LocalPorts> sets = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            sets.add(new LocalServerLaunch.LocalPorts(free[3 * i], free[3 * i + 1], free[3 * i + 2]));
        }
        return sets;
    }

    /** Distinct free loopback ports: all sockets are held open together, so no port is handed out twice. */
    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** The executable {@code name} on PATH, or {@code null}. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> quoteAll(List<String> parts) {
        return parts.stream().map(LocalClickHouseServer::quote).toList();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
