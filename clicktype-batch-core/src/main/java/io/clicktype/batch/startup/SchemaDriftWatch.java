package io.clicktype.batch.startup;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.schema.SchemaChangeException;
import io.clicktype.batch.schema.SchemaFailure;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ServerInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a table changed into, found when an insert failed because the table no longer fits the row type
 * (a column dropped, a type changed), until a batch is acknowledged again.
 *
 * @param <T> the row type
 */
public final class SchemaDriftWatch<T> {

    /** Under the batcher's name, beside its other start-up and drift lines, where users look for them. */
    private static final Logger LOG = LoggerFactory.getLogger("io.clicktype.batch.Batcher");

    private record Found(List<String> mismatches, long flushesThen) {
    }

    private final Class<T> rowType;
    private final ClickHouseTransport transport;
    private final BatcherStartup<T> startup;
    private final LongSupplier flushes;
    private volatile Found found;
    /** When the finding was last logged: the same one is logged again at most once a minute. */
    private volatile long loggedAt;
    private static final long LOG_AGAIN_NANOS = 60_000_000_000L;

    /** @param flushes the batcher's count of acknowledged flushes */
    public SchemaDriftWatch(Class<T> rowType, ClickHouseTransport transport, BatcherStartup<T> startup, LongSupplier flushes) {
        this.rowType = rowType;
        this.transport = transport;
        this.startup = startup;
        this.flushes = flushes;
    }

    /**
     * Reads the table again and reports what changed; called on the sender thread when a batch failed because
     * the table no longer fits it. The batch itself goes on to the failed-batch handler (kept). Any other failure
     * ({@link SchemaFailure#is} false) is ignored.
     */
    public void check(TableRef table, RuntimeException cause) {
        if (!SchemaFailure.is(cause)) {
            return;
        }
        List<TableColumn> live = transport.describeTable(table);
        ServerInfo server = startup.serverInfo();
        List<String> mismatches = RowMappings.create(rowType, live, server == null ? null : server.supportedTypes(),
                server == null ? null : server.timeZone()).mismatches();
        List<String> lines = new ArrayList<>();
        if (cause instanceof SchemaChangeException change) {
            // what refused this batch comes first, unless the row type's own mismatch names the same column (its fix
            // is the record's): another mismatch (a stale pin, say) may be older and not the reason
            Set<String> mismatched = new HashSet<>();
            mismatches.forEach(line -> mismatched.add(columnOf(line)));
            for (String reason : change.reasons()) {
                if (mismatches.isEmpty() && !startup.readsTableAtStart()) {
                    lines.add(rowType.getSimpleName() + " fits the table, but with validation off this batcher "
                            + "encodes for the record's pins and Java default types, not the table's: " + reason
                            + "; pin the column's type on the record (@ClickColumn(type = ...), the table's type) so "
                            + "that such a value is refused at insert, row by row, or start with validation fail or "
                            + "warn while ClickHouse is up");
                } else if (mismatches.isEmpty()) {
                    lines.add(rowType.getSimpleName() + " fits the table as it is now, but this batcher encodes for "
                            + "the types it started with: " + reason + "; later batches meet the same refusal until "
                            + "the column takes them again or the batcher is restarted (it then encodes for the new "
                            + "types)");
                } else if (columnOf(reason) == null || !mismatched.contains(columnOf(reason))) {
                    lines.add("the batch was refused: " + reason);
                }
            }
        }
        boolean refusedFirst = !lines.isEmpty();
        for (String mismatch : mismatches) {
            // beside what refused the batch, the record's own mismatches matter at the next start (a pin to follow)
            lines.add(refusedFirst ? "at the next start, the record: " + mismatch : mismatch);
        }
        if (lines.isEmpty()) {
            lines.add("the server refused a batch as if the table had changed, but " + rowType.getSimpleName()
                    + " fits the table as it is now (" + cause.getMessage() + ")");
        }
        Found before = found;
        found = new Found(List.copyOf(lines), flushes.getAsLong());
        long now = System.nanoTime();
        if (before != null && before.mismatches().equals(found.mismatches()) && now - loggedAt < LOG_AGAIN_NANOS) {
            return; // the same finding for every batch: said once a minute, not once per batch
        }
        loggedAt = now;
        if (!mismatches.isEmpty() && startup.mismatchesAtStart().containsAll(lines)) {
            // validation WARN started the batcher with these mismatches: the table did not change, it never fitted
            LOG.error("Table {} still does not match the row type, as found at start (validation WARN); batches "
                    + "that do not fit it go to the failed-batch handler until it does: {}", table,
                    String.join(" | ", lines));
            return;
        }
        if (!startup.readsTableAtStart()) {
            LOG.error("Table {} does not take a batch as this batcher encoded it (validation off: the table was not "
                    + "read at start); such batches go to the failed-batch handler: {}", table,
                    String.join(" | ", lines));
            return;
        }
        LOG.error("Table {} changed under the running batcher; batches that do not fit it go to the failed-batch "
                + "handler until it fits again: {}", table, String.join(" | ", lines));
    }

    /** The quoted column a line starts with ("Column `v` of ...", "column `v` of ..."), or {@code null}. */
    private static String columnOf(String line) {
        Matcher column = COLUMN.matcher(line);
        return column.lookingAt() ? column.group(1) : null;
    }

    private static final Pattern COLUMN = Pattern.compile("[Cc]olumn (`(?:[^`\\\\]|\\\\.)*`)");

    /** The mismatches found, or none when no such failure happened or a batch has been acknowledged since. */
    public List<String> current() {
        Found last = found;
        return last == null || flushes.getAsLong() > last.flushesThen() ? List.of() : last.mismatches();
    }
}
