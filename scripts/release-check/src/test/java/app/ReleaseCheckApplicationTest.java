package app;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseServers;
import io.clicktype.batch.test.spring.AutoConfigureClickHouse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The released starter, wired by Spring Boot, writes rows into a real ClickHouse found by clicktype-batch-test. */
@SpringBootTest(properties = {"clicktype.batch.clickhouse.database=release_check", "clicktype.batch.spill.enabled=false"})
@AutoConfigureClickHouse
class ReleaseCheckApplicationTest {

    @Autowired
    BatcherHandle<Event> events;

    @Autowired
    ClickHouseServer server;

    @BeforeAll
    static void createTable() {
        // Before the context starts: each batcher reads its table at start.
        ClickHouseServer server = ClickHouseServers.shared();
        server.execute("CREATE DATABASE IF NOT EXISTS release_check");
        server.execute("DROP TABLE IF EXISTS release_check.events");
        server.execute("CREATE TABLE release_check.events (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
    }

    @Test
    void rowsInsertedThroughTheInjectedHandleReachClickHouse() {
        events.insertMany(List.of(new Event(1, "a"), new Event(2, "b"), new Event(3, "c")));
        events.flush().join();
        assertThat(server.execute("SELECT count() FROM release_check.events").trim()).isEqualTo("3");
    }
}
