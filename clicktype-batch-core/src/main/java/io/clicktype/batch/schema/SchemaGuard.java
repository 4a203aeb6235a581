package io.clicktype.batch.schema;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.ServerInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each batch against the table as it is before the batch is sent, so that no row is stored misread after an
 * {@code ALTER TABLE}: a batch whose columns still have their types goes as it is, one whose columns were widened is
 * converted to the new types ({@link ValueConversions}), and one whose values could change is refused with a
 * {@link SchemaChangeException} naming table, column, old and new type and the fix. The same for both batch formats:
 * a Native block is converted column by column ({@link NativeConversions}) and stays a Native block, declaring the
 * new types; the server, given {@code input_format_native_allow_types_conversion=0}, refuses a block whose declared
 * types no longer match, as it refuses {@code RowBinaryWithNamesAndTypes}.
 *
 * <p>When it reads the table ({@code system.columns}):
 * <ul>
 *   <li>where the server reads a format that carries each column's type ({@code RowBinaryWithNamesAndTypes}, 20.x
 *       and later; Native blocks are sent only to such servers), once, and again whenever the server refuses a batch for its types ({@link #tableChanged()}): the
 *       server itself checks every batch's types against the table, atomically with the insert;</li>
 *   <li>where it does not (18.16 reads plain RowBinary as whatever the columns are at that moment), <b>before every
 *       batch</b>: what remains is the time between that read and the server starting the insert, about one round
 *       trip (docs/delivery.md, "Schema changes").</li>
 * </ul>
 * Thread-safe (one lock; each batcher's sender and the spill replayer have their own guard).
 */
public final class SchemaGuard {

    private static final Logger LOG = LoggerFactory.getLogger("io.clicktype.batch.Batcher");
    /** The input format whose header carries each column's type, so the server checks them itself. */
    public static final String TYPED_FORMAT = "RowBinaryWithNamesAndTypes";

    /**
     * A batch ready to send, in the format it came in.
     *
     * @param payload its rows (or Native block), the batch's own array or a converted copy
     * @param length  bytes of {@code payload} that hold the rows
     * @param schema  the columns and types those bytes hold (send them as the format's header where it has one)
     */
    public record Prepared(byte[] payload, int length, BatchSchema schema) {
    }

    private final TableRef table;
    private final ClickHouseTransport transport;
    private final Map<BatchSchema, SchemaPlan> plans = new HashMap<>();
    private List<TableColumn> live;
    private Boolean serverChecksTypes;
    private boolean unsupported;
    /** The last batch checked on a read of the table (where the server cannot check types): rows, and when. */
    private int lastRows;
    private long lastCheckedMillis;
    private BatchSchema lastSchema;

    /** A guard for {@code table}, reading it through {@code transport}; reads nothing until the first batch. */
    public SchemaGuard(TableRef table, ClickHouseTransport transport) {
        this.table = table;
        this.transport = transport;
    }

    /**
     * The batch as the table takes it now.
     *
     * @param schema  what the batch's bytes were encoded for, or {@code null} when unknown (then sent as it is)
     * @param format  the payload's format: RowBinary rows, or one Native block (converted column by column, and
     *                still a Native block naming each column's new type, so the server checks them as it inserts)
     * @param refusal the server's refusal that led here, named in a {@link SchemaChangeException}; or {@code null}
     * @throws SchemaChangeException when some value could not be carried over unchanged
     * @throws io.clicktype.batch.TransportException when the table cannot be read (a missing table, the server away)
     */
    public synchronized Prepared prepare(BatchSchema schema, BatchFormat format, byte[] payload, int length, int rows,
            Throwable refusal) {
        if (schema == null || unsupported) {
            return new Prepared(payload, length, schema);
        }
        boolean fresh = live == null || !serverChecksTypes();
        if (fresh) {
            read();
            if (unsupported) {
                return new Prepared(payload, length, schema);
            }
        }
        SchemaPlan plan = plan(schema);
        if (!plan.refusals().isEmpty() && !fresh) {
            // never refuse a batch on a remembered table: it may have changed back since
            read();
            plan = plan(schema);
        }
        if (!plan.refusals().isEmpty()) {
            throw new SchemaChangeException(table, plan.refusals(), refusal);
        }
        if (fresh) {
            lastRows = rows;
            lastCheckedMillis = System.currentTimeMillis();
            lastSchema = plan.target();
        }
        if (plan.unchanged()) {
            return new Prepared(payload, length, plan.target());
        }
        RowBuffer out = new RowBuffer(length + (length >> 1) + 16);
        try {
            if (format == BatchFormat.NATIVE) {
                plan.convertNative(payload, length, rows, out);
            } else {
                plan.convert(payload, length, rows, out);
            }
        } catch (ValueDoesNotFitException e) {
            throw new SchemaChangeException(table, List.of(plan.refusal(table, e)), refusal);
        } catch (NotConvertibleException e) {
            throw new SchemaChangeException(table, List.of("the batch's Native block cannot be converted to the new "
                    + "types " + plan.target().types() + " of " + table + " (" + e.getMessage() + "). To fix: ALTER "
                    + "TABLE " + table.quoted() + " MODIFY COLUMN back to the types the batch was encoded for "
                    + schema.types()), refusal);
        } catch (ArithmeticException | IndexOutOfBoundsException e) {
            throw new SchemaChangeException(table, List.of("a value of the batch does not fit the new types "
                    + plan.target().types() + " of " + table + " (" + e.getMessage() + "). To fix: ALTER TABLE "
                    + table.quoted() + " MODIFY COLUMN back to the types the batch was encoded for "
                    + schema.types()), refusal);
        }
        return new Prepared(out.array(), out.size(), plan.target());
    }

    private SchemaPlan plan(BatchSchema schema) {
        SchemaPlan plan = plans.get(schema);
        if (plan == null) {
            plan = SchemaPlan.of(table, schema, live);
            plans.put(schema, plan);
            if (!plan.unchanged() && plan.refusals().isEmpty()) {
                LOG.warn("Table {} has other types than batches were encoded for: {}; their values are converted "
                        + "before they are sent (kept exactly, or written as an encoder for the table's type writes "
                        + "them: a double rounded to Float32, a time's extra digits dropped), until the batcher is "
                        + "restarted and encodes for the table's types (after an ALTER TABLE; with validation off, rows are encoded for the record's pins "
                        + "and Java default types, so pin the table's types to spare the conversion). A record that "
                        + "pins a changed column's old type (@ClickColumn(type = ...)) must pin the new one, or none, "
                        + "before that restart, or the start refuses it", table, changes(schema, plan.target()));
            }
        }
        return plan;
    }

    /** The columns whose types differ, as {@code `v` Int32 -> Int64}, comma-separated. */
    private static String changes(BatchSchema from, BatchSchema to) {
        if (from.types() == null || to.types() == null) {
            return "the column types";
        }
        List<String> changed = new java.util.ArrayList<>();
        for (int i = 0; i < from.columns().size(); i++) {
            String column = from.columns().get(i);
            int at = to.columns().indexOf(column);
            String now = at < 0 ? "(dropped)" : to.types().get(at);
            if (!now.equals(from.types().get(i))) {
                changed.add(TableRef.quote(column) + " " + from.types().get(i) + " -> " + now);
            }
        }
        return changed.isEmpty() ? "column order or names" : String.join(", ", changed);
    }

    /**
     * Reads the table again after the server refused a batch in a way a changed table explains.
     *
     * @return whether its columns differ from those the last batch was checked against (then prepare it again)
     */
    public synchronized boolean tableChanged() {
        return tableChanged(null);
    }

    /**
     * As {@link #tableChanged()}, for a batch that was sent as {@code sent}: also true when the table, already read
     * again by another insert of the same table running at once, no longer has {@code sent}'s columns and types.
     * Without {@code sent}, the second of two inserts refused by one {@code ALTER} found the table "unchanged" since
     * the first one's read and gave its batch up.
     *
     * @param sent the columns and types the refused batch was sent as, or {@code null} when unknown
     */
    public synchronized boolean tableChanged(BatchSchema sent) {
        if (unsupported) {
            return false;
        }
        List<TableColumn> before = live;
        read();
        return before != null && !before.equals(live) || sent != null && live != null && !matches(sent, live);
    }

    /** Whether every column of {@code sent} is in {@code now} with the type it was sent as. */
    private static boolean matches(BatchSchema sent, List<TableColumn> now) {
        return !retyped(sent, now) && now.stream().map(TableColumn::name).toList().containsAll(sent.columns());
    }

    private void read() {
        List<TableColumn> now;
        try {
            now = transport.describeTable(table);
        } catch (UnsupportedOperationException e) {
            // a transport that cannot describe tables (a test double): batches are sent as they are
            unsupported = true;
            return;
        }
        if (!now.equals(live)) {
            if (lastSchema != null && Boolean.FALSE.equals(serverChecksTypes) && retyped(lastSchema, now)) {
                // the one window this server leaves: the ALTER may have landed between that check and its insert
                LOG.warn("Table {} changed since the batch of {} rows checked against it at {} was sent: this server "
                        + "reads plain RowBinary as the columns are when an insert starts, so if the ALTER committed "
                        + "between that check and that insert (one request), those rows were read as the new types. "
                        + "Compare them if the change was to a column type (docs/delivery.md, \"Schema changes\")",
                        table, lastRows, java.time.Instant.ofEpochMilli(lastCheckedMillis));
            }
            live = List.copyOf(now);
            plans.clear();
        }
    }

    /** Whether a column of {@code sent} has another type in {@code now} than it was sent as. */
    private static boolean retyped(BatchSchema sent, List<TableColumn> now) {
        for (TableColumn column : now) {
            int index = sent.columns().indexOf(column.name());
            if (index >= 0 && !sent.types().get(index).equals(column.type())) {
                return true;
            }
        }
        return false;
    }

    private boolean serverChecksTypes() {
        if (serverChecksTypes == null) {
            try {
                ServerInfo server = transport.serverInfo();
                serverChecksTypes = server.supportsFormat(TYPED_FORMAT);
            } catch (RuntimeException e) {
                return false;
            }
        }
        return serverChecksTypes;
    }
}
