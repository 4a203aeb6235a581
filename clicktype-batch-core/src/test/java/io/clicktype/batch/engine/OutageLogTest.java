package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.clicktype.batch.LoggedLines;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageLogTest {

    /** A missing table is waited for: its line must not call the failure "not retryable" and then retry it. */
    @Test
    void aMissingTableIsSaidToBeWaitedForNotToBeUnretryable() throws Exception {
        // the outage lines are the sender's
        List<ILoggingEvent> lines = LoggedLines.during(BatchSender.class, () -> new OutageLog(TableRef.of("events"),
                System::nanoTime, Duration.ofSeconds(60)).retrying(10, 1, Duration.ofMillis(59),
                new TransportException("table events does not exist in database app [not retryable]. To fix: create "
                        + "table events", false, 60, 200, null)));
        assertThat(lines).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains("retried in 59 ms, as long as the table is missing").contains("[waited for]")
                .doesNotContain("not retryable"));
    }
}
