package io.clicktype.batch.autoconfigure.missing;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.ClickTable;
import io.clicktype.batch.autoconfigure.ClickTypeBatchAutoConfiguration;
import io.clicktype.batch.autoconfigure.ClickTypeBatchFailureAnalyzer;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application whose {@code @ClickTable} names a table that does not exist fails start-up with Boot's failure
 * analysis (what is missing, and the statement that fixes it), not with a bare stack trace: a fresh user's most
 * likely first mistake.
 */
@ClickHouseTest
class MissingTableAtStartIT {

    /** A row of a table nobody created. */
    @ClickTable("never_created")
    public record Row(long id) {
    }

    @TempDir
    Path spill;

    @Test
    void aMissingTableIsExplainedWithTheStatementThatFixesIt(ClickHouseServer server, TestDatabase db) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
                .withPropertyValues("clicktype.batch.packages=" + Row.class.getPackageName(),
                        "clicktype.batch.spill.directory=" + spill,
                        "clicktype.batch.clickhouse.url=http://" + server.host() + ":" + server.httpPort(),
                        "clicktype.batch.clickhouse.username=" + server.username(),
                        "clicktype.batch.clickhouse.password=" + server.password(),
                        "clicktype.batch.clickhouse.database=" + db.name())
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).as("a failure analysis, not a bare stack trace").isNotNull();
                    assertThat(analysis.getDescription()).contains("never_created")
                            .contains("does not exist in database " + db.name()).doesNotContain("To fix");
                    assertThat(analysis.getAction()).startsWith("create table " + db.name() + ".never_created");
                });
    }
}
