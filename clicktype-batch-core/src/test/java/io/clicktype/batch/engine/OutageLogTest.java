package io.clicktype.batch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageLogTest {

    /** A missing table is waited for: its line must not call the failure "not retryable" and then retry it. */
    @Test
    void aMissingTableIsSaidToBeWaitedForNotToBeUnretryable() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                BatchSender.class); // the outage lines are the sender's
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            new OutageLog(TableRef.of("events"), System::nanoTime, Duration.ofSeconds(60)).retrying(10, 1,
                    Duration.ofMillis(59), new TransportException("table events does not exist in database app "
                            + "[not retryable]. To fix: create table events", false, 60, 200, null));
        } finally {
            log.detachAppender(lines);
        }
        assertThat(lines.list).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains("retried in 59 ms, as long as the table is missing").contains("[waited for]")
                .doesNotContain("not retryable"));
    }
}
