package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A typo under {@code clicktype.batch} fails start-up naming the key and the closest valid one. */
class UnknownPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
            .withBean(io.clicktype.batch.spi.ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                    "clicktype.batch.spill.enabled=false");

    @Test
    void aMisspeltKeyFailsStartUpNamingTheClosestValidOne() {
        runner.withPropertyValues("clicktype.batch.max-rowz=10").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = firstAnalysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("clicktype.batch.max-rowz")
                    .contains("the closest valid property is clicktype.batch.max-rows");
            assertThat(analysis.getAction()).contains("Rename clicktype.batch.max-rowz to clicktype.batch.max-rows");
        });
    }

    @Test
    void nestedAndPerTableKeysAreCheckedToo() {
        runner.withPropertyValues("clicktype.batch.clickhouse.urll=http://x:8123",
                "clicktype.batch.tables.clicks.maxWaitt=1s").run(context -> {
            FailureAnalysis analysis = firstAnalysis(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains("clicktype.batch.clickhouse.urll").contains("is clicktype.batch.clickhouse.url\n")
                    .contains("the closest valid property is clicktype.batch.tables.clicks.max-wait");
        });
    }

    @Test
    void anOverrideOfAnUnknownTableFailsStartUpNamingTheClosestTable() {
        runner.withPropertyValues("clicktype.batch.tables.click.max-rows=10").run(context -> {
            assertThat(context.getStartupFailure()).isInstanceOf(UnknownTableException.class);
            FailureAnalysis analysis = firstAnalysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("clicktype.batch.tables.click names no @ClickTable table")
                    .contains("the closest is clicks").contains("found: clicks, page_views");
            assertThat(analysis.getAction()).contains("Rename clicktype.batch.tables.click to clicktype.batch.tables.clicks");
        });
    }

    @Test
    void validKeysAndTheDeprecatedAliasStillStart() {
        runner.withPropertyValues("clicktype.batch.max-rows=10", "clicktype.batch.tables.clicks.channel-capacity=34",
                "clicktype.batch.tables.page_views.wal.fsync=interval", "clicktype.batch.clickhouse.ssl.bundle=",
                "clicktype.batch.wal.max-size=10MB").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theValidNamesAreReadOffThePropertiesClasses() {
        List<String> names = PropertyNames.of(ClickTypeBatchProperties.class);
        assertThat(names).contains("clicktype.batch.max-rows", "clicktype.batch.clickhouse.ssl.bundle",
                "clicktype.batch.tables.*.wal.max-size", "clicktype.batch.spill.replay-interval",
                "clicktype.batch.packages").doesNotContain("clicktype.batch.channel-capacity");
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
    }

    /** The analysis Boot would print: the first of every registered analyzer, in their order, that explains it. */
    private static FailureAnalysis firstAnalysis(Throwable failure) {
        for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                SpringFactoriesLoader.ArgumentResolver.none(), SpringFactoriesLoader.FailureHandler.logging(
                        org.apache.commons.logging.LogFactory.getLog(UnknownPropertiesTest.class)))) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        throw new AssertionError("no analyzer explains " + failure);
    }
}
