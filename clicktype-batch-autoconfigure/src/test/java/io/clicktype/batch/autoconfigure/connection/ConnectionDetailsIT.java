package io.clicktype.batch.autoconfigure.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.ClickTable;
import io.clicktype.batch.autoconfigure.ClickHouseConnectionDetails;
import io.clicktype.batch.autoconfigure.ClickTypeBatchAutoConfiguration;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A ClickHouse that Boot knows only as a {@code JdbcConnectionDetails} bean (what {@code @ServiceConnection}
 * or Docker Compose give, with no {@code spring.datasource.url} property) is where the batchers ingest.
 */
@ClickHouseTest
class ConnectionDetailsIT {

    /** A row of {@code via_details}. */
    @ClickTable("via_details")
    public record Row(long id) {
    }

    @TempDir
    Path spill;

    @Test
    void aJdbcConnectionDetailsBeanAloneIsEnoughToIngest(ClickHouseServer server, TestDatabase db) {
        db.execute("CREATE TABLE via_details (id UInt64) ENGINE = MergeTree() ORDER BY id");
        JdbcConnectionDetails jdbc = new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return server.username();
            }

            @Override
            public String getPassword() {
                return server.password();
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:clickhouse://" + server.host() + ":" + server.httpPort() + "/" + db.name();
            }
        };

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
                .withBean(JdbcConnectionDetails.class, () -> jdbc)
                .withPropertyValues("clicktype.batch.packages=" + Row.class.getPackageName(),
                        "clicktype.batch.spill.directory=" + spill)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ClickHouseConnectionDetails.class).getEndpoints())
                            .containsExactly("http://" + server.host() + ":" + server.httpPort());
                    @SuppressWarnings("unchecked")
                    BatcherHandle<Row> rows = context.getBean(BatcherHandle.class);
                    for (long id = 0; id < 250; id++) {
                        rows.insert(new Row(id));
                    }
                    rows.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
                });

        assertThat(db.count("via_details")).isEqualTo(250);
    }
}
