package io.clicktype.batch.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Finds the one ClickHouse server of this JVM, in this order, and logs once which it chose. Every setting
 * is read from a system property or, failing that, the environment variable of the same name.
 * <ol>
 *   <li>{@code CLICKHOUSE_URL} (with {@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD}): an already
 *       running server, nothing started;</li>
 *   <li>{@code CLICKHOUSE_SERVER}, the route pinned by the build (each Failsafe execution pins one):
 *       {@code local-binary}, {@code chdb} or {@code testcontainers};</li>
 *   <li>Testcontainers, when a Docker engine answers: image {@code CLICKHOUSE_IMAGE}
 *       (default {@value #DEFAULT_IMAGE});</li>
 *   <li>{@code local-binary}: a {@code clickhouse-server} (or {@code clickhouse}) binary on PATH, e.g.
 *       Debian's 18.16, started in a temp directory on free loopback ports;</li>
 *   <li>{@code chdb}: ClickHouse 26.7 from chDB's library ({@link ChdbPackage}, fetched once with npm),
 *       served the same way, where the platform can load it (Linux x86_64);</li>
 *   <li>otherwise an {@link IllegalStateException} saying how to get a server.</li>
 * </ol>
 */
public final class ClickHouseServers {

    /** Image used with Testcontainers unless {@code CLICKHOUSE_IMAGE} says otherwise. */
    public static final String DEFAULT_IMAGE = "clickhouse/clickhouse-server:25.8";

    static final String ENV = "env";
    static final String TESTCONTAINERS = "testcontainers";
    static final String LOCAL_BINARY = "local-binary";
    static final String CHDB = "chdb";

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServers.class);
    private static ClickHouseServer shared;

    private ClickHouseServers() {
    }

    /** The server of this JVM, resolved on first use. Thread-safe. */
    public static synchronized ClickHouseServer shared() {
        if (shared == null) {
            shared = resolve();
            LOG.info("Using {}", shared);
            // Recorded among the properties of the Failsafe/Surefire XML reports, beside the run's suffix.
            System.setProperty("clickhouse.server.used", shared.toString());
        }
        return shared;
    }

    /**
     * Starts a server of the test's own, of the same local route as {@link #shared()} (so the same
     * version), whose time zone ({@code timezone()}) is {@code timeZone}: for tests of what depends on the
     * server's own settings. Skips the test (loudly, as {@link ClickHouseAssumptions} does) when the shared
     * server is not one the harness runs locally ({@code CLICKHOUSE_URL}, Testcontainers).
     *
     * @param timeZone an IANA zone id, e.g. {@code Asia/Tokyo}
     */
    public static OwnedClickHouseServer startOwn(String timeZone) {
        return startOwn(timeZone, Map.of());
    }

    /**
     * As {@link #startOwn(String)}, with {@code settings} as the default query settings of every session
     * (the default profile), e.g. {@code async_insert_busy_timeout_max_ms} = {@code 3000}.
     */
    public static OwnedClickHouseServer startOwn(String timeZone, Map<String, String> settings) {
        ClickHouseServer server = shared();
        ClickHouseAssumptions.assumeRestartable(server);
        OwnedClickHouseServer own = switch (server.source()) {
            case CHDB -> LocalClickHouseServer.start(ChdbServerLaunch.standard(timeZone, settings));
            default -> LocalClickHouseServer.start(new DebianServerLaunch(LocalClickHouseServer.findBinary(), timeZone,
                    settings));
        };
        LOG.info("Started a server of the test's own in time zone {} with settings {}: {}", timeZone, settings, own);
        return own;
    }

    /**
     * A {@code clickhouse-server} of the test's own (the {@code local-binary} route) serving HTTPS with
     * {@code certificates}' server certificate, beside plain HTTP. Skips the test (loudly) on other routes: chDB's
     * clickhouse-local opens only HTTP and TCP listeners ({@link ClickHouseAssumptions#assumeTls}).
     *
     * @param requireClientCertificate whether clients must present a certificate signed by the test CA (mutual TLS)
     */
    public static TlsClickHouseServer startOwnTls(TestCertificates certificates, boolean requireClientCertificate) {
        ClickHouseServer server = shared();
        ClickHouseAssumptions.assumeTls(server);
        try {
            int httpsPort = LocalClickHouseServer.freePorts(1)[0];
            ServerTls tls = new ServerTls(httpsPort, certificates.serverCertificate(), certificates.serverKey(),
                    certificates.caCertificate(), requireClientCertificate);
            OwnedClickHouseServer own = LocalClickHouseServer.start(new DebianServerLaunch(
                    LocalClickHouseServer.findBinary(), "UTC", Map.of(), LocalServerLaunch.LOOPBACK, tls));
            LOG.info("Started a server of the test's own with HTTPS on port {} (client certificate {}): {}", httpsPort,
                    requireClientCertificate ? "required" : "not asked for", own);
            return new TlsClickHouseServer(own, httpsPort);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not find a free port for HTTPS", e);
        }
    }

    private static ClickHouseServer resolve() {
        Choice choice = choose(ClickHouseServers::setting, ClickHouseServers::dockerAnswers,
                LocalClickHouseServer::findBinary, ChdbPackage::platformSupported);
        return switch (choice.source()) {
            case ENV -> new ExternalClickHouseServer(choice.target(), setting("CLICKHOUSE_USER"),
                    setting("CLICKHOUSE_PASSWORD"), ENV);
            case TESTCONTAINERS -> ContainerClickHouseServer.start(choice.target());
            case CHDB -> LocalClickHouseServer.start(ChdbServerLaunch.standard());
            default -> LocalClickHouseServer.start(choice.command());
        };
    }

    /**
     * Decides, without starting anything, which server to use. A pinned route is taken as it is (and fails
     * when it cannot be had); otherwise Docker is asked only when no {@code CLICKHOUSE_URL} is given, PATH
     * only when Docker does not answer, and chDB only when there is no binary.
     *
     * @param settings reads {@code CLICKHOUSE_URL}, {@code CLICKHOUSE_SERVER} and {@code CLICKHOUSE_IMAGE}
     * @param docker   whether a Docker engine answers
     * @param binary   the command of a local server binary, or {@code null}
     * @param chdb     whether this platform can run chDB's library
     * @throws IllegalStateException saying how to get a server when there is none, or when the pinned
     *                               route is unknown or unavailable
     */
    static Choice choose(UnaryOperator<String> settings, BooleanSupplier docker, Supplier<List<String>> binary,
            BooleanSupplier chdb) {
        String url = settings.apply("CLICKHOUSE_URL");
        if (url != null && !url.isBlank()) {
            return new Choice(ENV, url.trim(), List.of());
        }
        String pinned = settings.apply("CLICKHOUSE_SERVER");
        if (pinned != null && !pinned.isBlank()) {
            return pinned(pinned.trim(), settings, binary, chdb);
        }
        if (docker.getAsBoolean()) {
            return container(settings);
        }
        List<String> command = binary.get();
        if (command != null) {
            return new Choice(LOCAL_BINARY, String.join(" ", command), command);
        }
        if (chdb.getAsBoolean()) {
            return new Choice(CHDB, ChdbPackage.PACKAGE + "@" + ChdbPackage.PACKAGE_VERSION, List.of());
        }
        throw new IllegalStateException("""
                No ClickHouse server for the tests. Do one of:
                  - point at a running server: export CLICKHOUSE_URL=http://host:8123 (and CLICKHOUSE_USER / CLICKHOUSE_PASSWORD);
                  - start a Docker engine, so Testcontainers can run %s;
                  - install a local binary: on Debian/Ubuntu `apt-get install -y clickhouse-server`, elsewhere see
                    https://clickhouse.com/docs/install (scripts/test installs it for you on Debian);
                  - on Linux x86_64 with python3 and npm, CLICKHOUSE_SERVER=chdb runs ClickHouse %s from chDB.""".formatted(
                DEFAULT_IMAGE, ChdbPackage.ENGINE_VERSION));
    }

    private static Choice pinned(String route, UnaryOperator<String> settings, Supplier<List<String>> binary,
            BooleanSupplier chdb) {
        switch (route) {
            case LOCAL_BINARY -> {
                List<String> command = binary.get();
                if (command == null) {
                    throw new IllegalStateException("CLICKHOUSE_SERVER=local-binary, but neither clickhouse-server nor "
                            + "clickhouse is on PATH: on Debian/Ubuntu `apt-get install -y clickhouse-server` "
                            + "(scripts/test does it for you), or run with another CLICKHOUSE_SERVER");
                }
                return new Choice(LOCAL_BINARY, String.join(" ", command), command);
            }
            case CHDB -> {
                if (!chdb.getAsBoolean()) {
                    throw new IllegalStateException("CLICKHOUSE_SERVER=chdb needs Linux x86_64 (chDB's library is built "
                            + "for it); use CLICKHOUSE_URL or Docker for a current server on this machine");
                }
                return new Choice(CHDB, ChdbPackage.PACKAGE + "@" + ChdbPackage.PACKAGE_VERSION, List.of());
            }
            case TESTCONTAINERS -> {
                return container(settings);
            }
            default -> throw new IllegalStateException("CLICKHOUSE_SERVER=" + route + " is not a route; use "
                    + LOCAL_BINARY + ", " + CHDB + " or " + TESTCONTAINERS + " (or CLICKHOUSE_URL for a running server)");
        }
    }

    private static Choice container(UnaryOperator<String> settings) {
        String image = settings.apply("CLICKHOUSE_IMAGE");
        return new Choice(TESTCONTAINERS, image == null || image.isBlank() ? DEFAULT_IMAGE : image.trim(), List.of());
    }

    /**
     * Which server {@link #choose} picked.
     *
     * @param source  {@code env}, {@code testcontainers}, {@code local-binary} or {@code chdb}
     * @param target  the URL, the image, or the binary's command line
     * @param command the binary's command, empty unless {@code local-binary}
     */
    record Choice(String source, String target, List<String> command) {
    }

    /**
     * Whether a Docker engine answers. Asked only when a Docker socket or {@code DOCKER_HOST} exists, so
     * that on machines without Docker Testcontainers' own ERROR line about it does not appear at all.
     */
    private static boolean dockerAnswers() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker/run/docker.sock"));
        if (!socket && System.getenv("DOCKER_HOST") == null) {
            LOG.info("No Docker engine (no socket, no DOCKER_HOST): not using Testcontainers");
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Docker did not answer ({}): not using Testcontainers", e.toString());
            return false;
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
