package io.clicktype.batch.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Finds the one ClickHouse server of this JVM, in this order, and logs once which it chose:
 * <ol>
 *   <li>{@code CLICKHOUSE_URL} (with {@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD}), from the
 *       environment or a system property of the same name: an already running server, nothing started;</li>
 *   <li>Testcontainers, when a Docker engine answers: image {@code CLICKHOUSE_IMAGE}
 *       (default {@value #DEFAULT_IMAGE});</li>
 *   <li>a {@code clickhouse-server} (or {@code clickhouse}) binary on PATH, started in a temp directory
 *       on free loopback ports;</li>
 *   <li>otherwise an {@link IllegalStateException} saying how to get a server.</li>
 * </ol>
 */
public final class ClickHouseServers {

    /** Image used with Testcontainers unless {@code CLICKHOUSE_IMAGE} says otherwise. */
    public static final String DEFAULT_IMAGE = "clickhouse/clickhouse-server:25.8";

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServers.class);
    private static ClickHouseServer shared;

    private ClickHouseServers() {
    }

    /** The server of this JVM, resolved on first use. Thread-safe. */
    public static synchronized ClickHouseServer shared() {
        if (shared == null) {
            shared = resolve();
            LOG.info("Tests use {}", shared);
        }
        return shared;
    }

    private static ClickHouseServer resolve() {
        Choice choice = choose(ClickHouseServers::setting, ClickHouseServers::dockerAnswers,
                LocalClickHouseServer::findBinary);
        return switch (choice.source()) {
            case "env" -> new ExternalClickHouseServer(choice.target(), setting("CLICKHOUSE_USER"),
                    setting("CLICKHOUSE_PASSWORD"), "env");
            case "testcontainers" -> ContainerClickHouseServer.start(choice.target());
            default -> LocalClickHouseServer.start(choice.command());
        };
    }

    /**
     * Decides, without starting anything, which server to use. Docker is asked only when no
     * {@code CLICKHOUSE_URL} is given, and PATH only when Docker does not answer.
     *
     * @param settings     reads {@code CLICKHOUSE_URL} and {@code CLICKHOUSE_IMAGE}
     * @param docker       whether a Docker engine answers
     * @param binary       the command of a local server binary, or {@code null}
     * @throws IllegalStateException saying how to get a server when there is none
     */
    static Choice choose(UnaryOperator<String> settings, BooleanSupplier docker, Supplier<List<String>> binary) {
        String url = settings.apply("CLICKHOUSE_URL");
        if (url != null && !url.isBlank()) {
            return new Choice("env", url.trim(), List.of());
        }
        if (docker.getAsBoolean()) {
            String image = settings.apply("CLICKHOUSE_IMAGE");
            return new Choice("testcontainers", image == null || image.isBlank() ? DEFAULT_IMAGE : image.trim(),
                    List.of());
        }
        List<String> command = binary.get();
        if (command != null) {
            return new Choice("local-binary", String.join(" ", command), command);
        }
        throw new IllegalStateException("""
                No ClickHouse server for the tests. Do one of:
                  - point at a running server: export CLICKHOUSE_URL=http://host:8123 (and CLICKHOUSE_USER / CLICKHOUSE_PASSWORD);
                  - start a Docker engine, so Testcontainers can run %s;
                  - install a local binary: on Debian/Ubuntu `apt-get install -y clickhouse-server`, elsewhere see
                    https://clickhouse.com/docs/install (scripts/test installs it for you on Debian).""".formatted(DEFAULT_IMAGE));
    }

    /**
     * Which server {@link #choose} picked.
     *
     * @param source  {@code env}, {@code testcontainers} or {@code local-binary}
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
