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

    /** An application writing the {@code @ClickTable} types of {@code rowPackage} into {@code database}. */
    private ApplicationContextRunner application(ClickHouseServer server, String database, String rowPackage) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
                .withPropertyValues("clicktype.batch.packages=" + rowPackage,
                        "clicktype.batch.spill.directory=" + spill,
                        "clicktype.batch.clickhouse.url=http://" + server.host() + ":" + server.httpPort(),
                        "clicktype.batch.clickhouse.username=" + server.username(),
                        "clicktype.batch.clickhouse.password=" + server.password(),
                        "clicktype.batch.clickhouse.database=" + database);
    }

    private static FailureAnalysis analysis(org.springframework.boot.test.context.assertj.AssertableApplicationContext
            context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("a failure analysis, not a bare stack trace").isNotNull();
        return analysis;
    }

    /** A table name with a typo: the analysis lists the database's tables and names the one probably meant. */
    @Test
    void aMisspeltTableIsAnsweredWithTheClosestExistingOne(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE events_local (id UInt64) ENGINE = MergeTree ORDER BY id");
        db.execute("CREATE TABLE page_views (id UInt64) ENGINE = MergeTree ORDER BY id");
        application(server, db.name(), "io.clicktype.batch.autoconfigure.missingname").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("table events_locl does not exist in database " + db.name())
                    .contains("tables in " + db.name() + ": events_local, page_views");
            assertThat(analysis.getAction()).startsWith("Fix the name in @ClickTable (did you mean `events_local`?) "
                    + "or create table " + db.name() + ".events_locl with the columns of its @ClickTable record");
        });
    }

    /** A database name with a typo in {@code @ClickTable}: the analysis names the database probably meant. */
    @Test
    void aMisspeltDatabaseIsAnsweredWithTheClosestExistingOne(ClickHouseServer server, TestDatabase db) {
        server.execute("CREATE DATABASE IF NOT EXISTS clicktype_missing_it");
        try {
            application(server, db.name(), "io.clicktype.batch.autoconfigure.missingdatabase").run(context -> {
                FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription()).contains("database clicktype_misisng_it of table events does "
                        + "not exist").contains("clicktype_missing_it");
                assertThat(analysis.getAction()).startsWith("Did you mean `clicktype_missing_it`? Fix the database in "
                        + "@ClickTable(database = ...) or in the connection settings, or create it (CREATE DATABASE "
                        + "`clicktype_misisng_it`).");
            });
        } finally {
            server.execute("DROP DATABASE IF EXISTS clicktype_missing_it");
        }
    }

    /**
     * The table exists, but in another database than the connection's: the analysis says where, and the annotation it
     * suggests starts the application.
     */
    @Test
    void aTableInAnotherDatabaseIsAnsweredWithThatDatabase(ClickHouseServer server, TestDatabase db) {
        server.execute("CREATE DATABASE IF NOT EXISTS clicktype_elsewhere_it");
        server.execute("CREATE TABLE IF NOT EXISTS clicktype_elsewhere_it.kept_elsewhere (id Int64) "
                + "ENGINE = MergeTree ORDER BY id");
        try {
            application(server, db.name(), "io.clicktype.batch.autoconfigure.missingelsewhere").run(context -> {
                FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription()).contains("table kept_elsewhere does not exist in database "
                        + db.name()).contains("a table named kept_elsewhere exists in database clicktype_elsewhere_it");
                assertThat(analysis.getAction()).startsWith("If you meant the table in database clicktype_elsewhere_it, "
                        + "name it in @ClickTable(value = \"kept_elsewhere\", database = \"clicktype_elsewhere_it\") or "
                        + "make clicktype_elsewhere_it the connection's database; otherwise create table " + db.name()
                        + ".kept_elsewhere");
            });
            application(server, db.name(), "io.clicktype.batch.autoconfigure.foundelsewhere")
                    .run(context -> assertThat(context).hasNotFailed());
        } finally {
            server.execute("DROP DATABASE IF EXISTS clicktype_elsewhere_it");
        }
    }

    /** The connection's database with a typo: every request fails; the analysis names the database probably meant. */
    @Test
    void aMisspeltConnectionDatabaseIsAnsweredWithTheClosestExistingOne(ClickHouseServer server, TestDatabase db) {
        String typo = db.name().replace("missingtable", "misingtable");   // one letter less than the test's own
        application(server, typo, Row.class.getPackageName()).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("database " + typo + " of the connection does not exist")
                    .contains(db.name());
            assertThat(analysis.getAction()).startsWith("Did you mean `" + db.name() + "`? Fix the database in the "
                    + "connection settings");
        });
    }

    @Test
    void aMissingTableIsExplainedWithTheStatementThatFixesIt(ClickHouseServer server, TestDatabase db) {
        application(server, db.name(), Row.class.getPackageName())
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).as("a failure analysis, not a bare stack trace").isNotNull();
                    assertThat(analysis.getDescription()).contains("never_created")
                            .contains("does not exist in database " + db.name()).doesNotContain("To fix");
                    assertThat(analysis.getAction()).startsWith("Create table " + db.name() + ".never_created");
                });
    }
}
