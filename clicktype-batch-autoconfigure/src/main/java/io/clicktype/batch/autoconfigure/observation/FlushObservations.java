package io.clicktype.batch.autoconfigure.observation;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Micrometer {@link Observation} per flush, named {@value #NAME}, from its first attempt to its outcome, so
 * that a traced application sees its flushes and their retries. Low-cardinality keys: {@code table},
 * {@code trigger}, {@code outcome} ({@code success} or {@code failure}); high-cardinality: {@code rows},
 * {@code bytes}, {@code attempts}, {@code deduplication.token}. Each retry is an event ({@code retry}).
 * Turn it off with Boot's {@code management.observations.enable.clicktype.batch.flush=false}.
 *
 * <p>A table's batches are sent one at a time by its sender thread, so one observation per table is open
 * at most.
 */
public class FlushObservations implements BatcherListener {

    /** The observation's name. */
    public static final String NAME = "clicktype.batch.flush";

    private static final Observation.Event RETRY = Observation.Event.of("retry", "a failed attempt, retried");

    private final ObservationRegistry registry;
    private final Map<TableRef, Observation> open = new ConcurrentHashMap<>();

    public FlushObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void flushStarted(TableRef table, FlushTrigger trigger, int rows, long bytes, String deduplicationToken) {
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("clicktype flush " + table)
                .lowCardinalityKeyValue("table", table.toString())
                .lowCardinalityKeyValue("trigger", trigger.name().toLowerCase(Locale.ROOT))
                .highCardinalityKeyValue("rows", Integer.toString(rows))
                .highCardinalityKeyValue("bytes", Long.toString(bytes));
        if (deduplicationToken != null) {
            observation.highCardinalityKeyValue("deduplication.token", deduplicationToken);
        }
        open.put(table, observation.start());
    }

    @Override
    public void retryScheduled(TableRef table, int attempt, Duration delay, Throwable cause) {
        Observation observation = open.get(table);
        if (observation != null) {
            observation.event(RETRY);
        }
    }

    @Override
    public void flushSucceeded(TableRef table, FlushStats stats) {
        Observation observation = open.remove(table);
        if (observation != null) {
            observation.lowCardinalityKeyValue("outcome", "success")
                    .highCardinalityKeyValue("attempts", Integer.toString(stats.attempts()))
                    .stop();
        }
    }

    @Override
    public void flushFailed(TableRef table, FlushTrigger trigger, int rows, long bytes, Duration duration,
            Throwable cause) {
        Observation observation = open.remove(table);
        if (observation != null) {
            observation.lowCardinalityKeyValue("outcome", "failure").error(cause);
            observation.stop();
        }
    }
}
