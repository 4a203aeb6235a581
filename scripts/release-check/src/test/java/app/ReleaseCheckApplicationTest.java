package app;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The released starter, wired by Spring Boot, writes rows into a real ClickHouse found by clicktype-batch-test. */
@SpringBootTest(properties = "clicktype.batch.clickhouse.database=release_check")
class ReleaseCheckApplicationTest {

    static final ClickHouseServer SERVER = ClickHouseServers.shared();

    @DynamicPropertySource
    static void clickHouse(DynamicPropertyRegistry registry) throws Exception {
        // The table exists before the context starts: each batcher validates its table at start.
        SERVER.execute("CREATE DATABASE IF NOT EXISTS release_check");
        SERVER.execute("DROP TABLE IF EXISTS release_check.events");
        SERVER.execute("CREATE TABLE release_check.events (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
        registry.add("clicktype.batch.clickhouse.url", SERVER::httpUrl);
        registry.add("clicktype.batch.clickhouse.username", SERVER::username);
        registry.add("clicktype.batch.clickhouse.password", SERVER::password);
        String spill = Files.createTempDirectory("release-check-spill").toString();
        registry.add("clicktype.batch.spill.directory", () -> spill);
    }

    @Autowired
    BatcherHandle<Event> events;

    @Test
    void rowsInsertedThroughTheInjectedHandleReachClickHouse() {
        events.insertMany(List.of(new Event(1, "a"), new Event(2, "b"), new Event(3, "c")));
        events.flush().join();
        assertThat(SERVER.execute("SELECT count() FROM release_check.events").trim()).isEqualTo("3");
    }
}
