package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.Batcher;
import io.clicktype.batch.TransportException;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the starter does today when ClickHouse does not answer at start (docs/delivery.md, "ClickHouse down at
 * start"), with the real transport against a port nobody listens on: it fails start-up by default, and starts
 * with {@code validation: off}, queueing inserts for when the server answers.
 */
class ClickHouseDownAtStartTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false", "clicktype.batch.clickhouse.url=" + deadUrl(),
                    "clicktype.batch.clickhouse.connect-timeout=1s");

    @Test
    void byDefaultStartUpFailsSayingTheServerCannotBeReached() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(TransportException.class.getName())
                    .hasStackTraceContaining("could not connect");
            org.springframework.boot.diagnostics.FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer()
                    .analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("could not reach ClickHouse at start")
                    .contains("nothing is retried at this point");
            assertThat(analysis.getAction()).contains("clicktype.batch.validation=off");
        });
    }

    @Test
    void withValidationOffTheApplicationStartsAndInsertsQueue() {
        runner.withPropertyValues("clicktype.batch.validation=off").run(context -> {
            assertThat(context).hasNotFailed();
            Batcher<?> batcher = context.getBean("pageViewsBatcher", Batcher.class);
            assertThat(batcher.isRunning()).isTrue();
        });
    }

    /**
     * A flush the application waited on at start (in a CommandLineRunner, say) failed because ClickHouse is away:
     * that batch went on to its retries and failed-batch handler, and the start-up advice (validation=off, which may be
     * set already) does not apply; Boot reports it with its stack trace instead.
     */
    @Test
    void aFlushThatFailedWhileTheApplicationStartedIsNotExplainedAsAStartUpFailure() {
        TransportException away = new TransportException("insert into page_views failed: could not connect",
                true, 0, 0, null);
        Throwable runner = new IllegalStateException("Failed to execute CommandLineRunner",
                new java.util.concurrent.CompletionException(away));
        assertThat(new ClickTypeBatchFailureAnalyzer().analyze(runner)).isNull();
        assertThat(new ClickTypeBatchFailureAnalyzer().analyze(new IllegalStateException("start", away)))
                .as("the same failure thrown by a batcher's start").isNotNull();
    }

    private static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
