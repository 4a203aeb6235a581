package io.clicktype.batch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What a test's action logged under one logger: the tests that assert a log line read it here. */
public final class LoggedLines {

    /** An action that may throw, as the tests' actions do. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private LoggedLines() {
    }

    /** The lines {@code action} logged under {@code logger}'s name (lines logged by other threads meanwhile too). */
    public static List<ILoggingEvent> during(Class<?> logger, Action action) throws Exception {
        return during(logger.getName(), action);
    }

    /** The lines {@code action} logged under the logger {@code name}. */
    public static List<ILoggingEvent> during(String name, Action action) throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(name);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            action.run();
        } finally {
            log.detachAppender(lines);
        }
        return lines.list;
    }
}
