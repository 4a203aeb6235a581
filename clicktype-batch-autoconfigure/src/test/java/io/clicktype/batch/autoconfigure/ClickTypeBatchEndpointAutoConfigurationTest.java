package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.autoconfigure.endpoint.ClickTypeEndpoint;
import io.clicktype.batch.spi.ClickHouseTransport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code clicktype} endpoint exists only where Actuator would expose it. */
class ClickTypeBatchEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class,
                    ClickTypeBatchEndpointAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false");

    @Test
    void anExposedEndpointIsThere() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype")
                .run(context -> assertThat(context).hasSingleBean(ClickTypeEndpoint.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachTableShowsTheDatabaseItIsWrittenToNeverNull() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype",
                "clicktype.batch.clickhouse.url=http://localhost:8123", "clicktype.batch.clickhouse.database=analytics")
                .run(context -> {
                    java.util.Map<String, Object> tables = context.getBean(ClickTypeEndpoint.class).tables();
                    assertThat(tables).isNotEmpty();
                    assertThat(tables.values()).allSatisfy(table -> assertThat((java.util.Map<String, Object>) table)
                            .containsEntry("database", "analytics"));
                    // the stats' table names it too (it said database: null for a @ClickTable without one)
                    assertThat(tables.values()).allSatisfy(table -> assertThat(
                            ((io.clicktype.batch.BatcherStats) ((java.util.Map<String, Object>) table).get("stats"))
                                    .table()).isEqualTo(new io.clicktype.batch.TableRef("analytics",
                                    ((io.clicktype.batch.BatcherStats) ((java.util.Map<String, Object>) table)
                                            .get("stats")).table().table())));
                });
    }

    /** A table in memory mode shows no write-ahead log: no "wal" key, and no wal settings in its config. */
    @Test
    @SuppressWarnings("unchecked")
    void aTableInMemoryModeHasNoWalBlock() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype")
                .run(context -> {
                    java.util.Map<String, Object> tables = context.getBean(ClickTypeEndpoint.class).tables();
                    assertThat(tables).isNotEmpty();
                    assertThat(tables.values()).allSatisfy(table -> {
                        java.util.Map<String, Object> shown = (java.util.Map<String, Object>) table;
                        assertThat(shown).doesNotContainKey("wal");
                        assertThat((java.util.Map<String, Object>) shown.get("config"))
                                .containsEntry("durability", io.clicktype.batch.Durability.MEMORY)
                                .containsKey("maxRows").doesNotContainKey("wal");
                    });
                });
    }

    /** A flush during an outage answers 503 with the reason (it was a bare 500 with a leaked checked exception). */
    @Test
    @SuppressWarnings("unchecked")
    void aFlushThatDoesNotLandAnswers503WithTheReasonAndAnUnknownTable404() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype", "clicktype.batch.max-retries=0")
                .run(context -> {
                    ClickTypeEndpoint endpoint = context.getBean(ClickTypeEndpoint.class);
                    assertThat(endpoint.flush("page_views").getStatus()).isEqualTo(200);

                    context.getBean(FakeTransport.class).down = true;
                    context.getBean("pageViewsBatcher", io.clicktype.batch.Batcher.class).handle()
                            .insert(new io.clicktype.batch.autoconfigure.entities.PageView(1, "/"));
                    var failed = endpoint.flush("page_views");
                    assertThat(failed.getStatus()).isEqualTo(503);
                    assertThat(((java.util.Map<String, Object>) failed.getBody()).get("error").toString())
                            .contains("did not land").contains("failed-batch handler");

                    var unknown = endpoint.flush("nope");
                    assertThat(unknown.getStatus()).isEqualTo(404);
                    assertThat(((java.util.Map<String, Object>) unknown.getBody()).get("error").toString())
                            .contains("no batcher for table 'nope'").contains("page_views");
                });
    }

    /**
     * Rows that wait in the disk spill make a flush answer 503, also when nothing was left in memory to flush (a trial
     * had read 200 {@code "rows": 0} during an outage as "everything is in ClickHouse"); 200 again once they replayed.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aFlushAnswers503WhileTheTablesRowsWaitInTheDiskSpill(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype", "clicktype.batch.max-retries=0",
                        "clicktype.batch.spill.enabled=true", "clicktype.batch.spill.directory=" + dir.resolve("spill"))
                .run(context -> {
                    ClickTypeEndpoint endpoint = context.getBean(ClickTypeEndpoint.class);
                    FakeTransport transport = context.getBean(FakeTransport.class);
                    transport.down = true;
                    context.getBean("pageViewsBatcher", io.clicktype.batch.Batcher.class).handle()
                            .insert(new io.clicktype.batch.autoconfigure.entities.PageView(1, "/"));
                    assertThat(endpoint.flush("page_views").getStatus()).isEqualTo(503);

                    var nothingInMemory = endpoint.flush("page_views");
                    assertThat(nothingInMemory.getStatus()).isEqualTo(503);
                    assertThat(((java.util.Map<String, Object>) nothingInMemory.getBody()).get("error").toString())
                            .contains("no rows were waiting in memory")
                            .contains("1 rows of this table wait in the disk spill");
                    var shown = (java.util.Map<String, Object>) endpoint.tables().values().stream()
                            .filter(t -> "io.clicktype.batch.autoconfigure.entities.PageView"
                                    .equals(((java.util.Map<String, Object>) t).get("rowType")))
                            .findFirst().orElseThrow();
                    assertThat(shown).containsEntry("spillPendingRows", 1L);

                    transport.down = false;
                    assertThat(context.getBean(io.clicktype.batch.DiskSpill.class).replayNow()).isEqualTo(1);
                    assertThat(endpoint.flush("page_views").getStatus()).isEqualTo(200);
                    assertThat(endpoint.tables().values()).allSatisfy(t -> assertThat(
                            (java.util.Map<String, Object>) t).containsEntry("spillPendingRows", 0L));
                });
    }

    /**
     * During an outage a write-ahead-log table's flush cannot land: once its insert attempts are failing, the endpoint
     * answers 503 after a short wait, saying so, instead of holding the caller for 30 s.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aFlushDuringAnOutageAnswersSoonSayingTheAttemptsFail(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype",
                        "clicktype.batch.tables.page_views.durability=wal",
                        "clicktype.batch.wal.directory=" + dir.resolve("wal"),
                        "clicktype.batch.retry-base-delay=10ms", "clicktype.batch.retry-max-delay=20ms")
                .run(context -> {
                    ClickTypeEndpoint endpoint = context.getBean(ClickTypeEndpoint.class);
                    context.getBean(FakeTransport.class).down = true;
                    io.clicktype.batch.Batcher<?> batcher = context.getBean("pageViewsBatcher",
                            io.clicktype.batch.Batcher.class);
                    ((io.clicktype.batch.Batcher<io.clicktype.batch.autoconfigure.entities.PageView>) batcher)
                            .handle().insert(new io.clicktype.batch.autoconfigure.entities.PageView(1, "/"));
                    batcher.handle().flush();
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                            .until(() -> batcher.stats().consecutiveFailedAttempts() > 0);

                    var failing = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                            java.time.Duration.ofSeconds(20), () -> endpoint.flush("page_views"));
                    assertThat(failing.getStatus()).isEqualTo(503);
                    assertThat(((java.util.Map<String, Object>) failing.getBody()).get("error").toString())
                            .contains("insert attempts").contains("write-ahead log");
                    context.getBean(FakeTransport.class).down = false;
                });
    }

    /** A table named with its database, as metrics and health name it, or without, as its properties do. */
    @Test
    void aTableIsFlushedByItsNameWithOrWithoutItsDatabase() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype",
                "clicktype.batch.clickhouse.url=http://localhost:8123", "clicktype.batch.clickhouse.database=analytics")
                .run(context -> {
                    ClickTypeEndpoint endpoint = context.getBean(ClickTypeEndpoint.class);
                    String qualified = endpoint.tables().keySet().iterator().next();
                    assertThat(endpoint.flush(qualified).getStatus()).isEqualTo(200);
                    assertThat(endpoint.flush(qualified.substring(qualified.indexOf('.') + 1)).getStatus())
                            .isEqualTo(200);
                });
    }

    /** The number of inserts in flight decided at start, beside the configured "auto". */
    @Test
    @SuppressWarnings("unchecked")
    void showsTheInsertsInFlightDecidedAtStart() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=clicktype")
                .run(context -> {
                    java.util.Map<String, Object> tables = context.getBean(ClickTypeEndpoint.class).tables();
                    assertThat(tables.values()).allSatisfy(table -> {
                        java.util.Map<String, Object> shown = (java.util.Map<String, Object>) table;
                        assertThat((java.util.Map<String, Object>) shown.get("config"))
                                .containsEntry("insertsInFlight", "auto");
                        assertThat((Integer) shown.get("insertsInFlight")).isBetween(1, 8);
                    });
                });
    }

    @Test
    void anEndpointNobodyExposesIsNotCreated() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ClickTypeEndpoint.class));
    }
}
