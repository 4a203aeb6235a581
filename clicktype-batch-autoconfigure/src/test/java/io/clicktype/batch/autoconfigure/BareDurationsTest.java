package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class BareDurationsTest {

    @Test
    void aDurationWrittenAsABareSmallNumberIsNamedWithItsFix() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("clicktype.batch.max-wait", "2")
                .withProperty("clicktype.batch.tables.events.max-linger", "5")
                .withProperty("clicktype.batch.wal.fsync-interval", "100")
                .withProperty("clicktype.batch.shutdown-timeout", "30s")
                .withProperty("clicktype.batch.retry-base-delay", "100ms")
                .withProperty("clicktype.batch.max-block", "5000")
                .withProperty("clicktype.batch.max-rows", "2");

        assertThat(BareDurations.warn(environment)).containsOnlyKeys("clicktype.batch.max-wait",
                "clicktype.batch.tables.events.max-linger", "clicktype.batch.wal.fsync-interval");
    }

    @Test
    void theStarterSaysSoAtStartAndBindsWhatBootReads(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
                .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.none",
                        "clicktype.batch.clickhouse.url=http://127.0.0.1:1", "clicktype.batch.max-wait=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ClickTypeBatchProperties.class).getMaxWait())
                            .isEqualTo(Duration.ofMillis(2));
                });
        assertThat(output).contains("clicktype.batch.max-wait=2 is read as 2 ms: a duration without a unit is "
                + "milliseconds. Write 2s if you meant seconds, or 2ms to keep milliseconds and silence this line");
    }
}
