package io.clicktype.batch.engine;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.ClickTypeBatchException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.FlushTrigger;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.schema.BatchSchema;
import io.clicktype.batch.wal.WalSchemas;
import io.clicktype.batch.wal.WalReader;
import io.clicktype.batch.wal.WalRecords;
import io.clicktype.batch.wal.WriteAheadLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake of {@code Durability.WAL}: each row is encoded once on the caller's thread (the encode is the check)
 * and appended to the {@link WriteAheadLog}; with fsync {@code always} the caller then waits until the log is on
 * disk up to its row (group commit). The worker reads records, already encoded, into its batch; a seal is recorded
 * in the log as a cut, forced to disk before the batch is first sent, and the batch's deduplication token is derived
 * from it. While the memory budget is over its bound, a batch is sealed after each record read (the rows are safe
 * in the log; the heap holds as little of them as it can). At start, what the log holds unacknowledged is read first: batches cut before the stop are sealed again
 * exactly as they were cut (same rows, same token), the rest is cut anew. A position is a log offset.
 *
 * @param <T> the row type
 */
final class LogIntake<T> implements Intake<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LogIntake.class);
    /** Records are encoded here, per producer thread; a buffer grown past this is dropped after use. */
    private static final int KEEP_BUFFER_BYTES = 1 << 20;
    /** At most this many bytes are appended between the worker's wake-ups while a batch fills. */
    private static final int WAKE_BYTES = 64 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** A producer thread's record buffer and checksum, reused for every row it inserts. */
    private static final class Scratch {
        final RowBuffer record = new RowBuffer(4096);
        final CRC32C crc = new CRC32C();
    }

    private final TableRef table;
    private final List<String> columns;
    private final CountingEncoder<T> encoder;
    private final WriteAheadLog log;
    private final BatcherListener listener;
    private final List<String> columnTypes;
    private final boolean deduplicate;
    private final ByteBudget budget;
    /** How long the server is assumed to remember a token, as for the disk spill. */
    private final long deduplicationWindowMillis;
    private final ConcurrentLinkedQueue<ControlMessage> controls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    // worker side
    private final long[] replayCuts;
    private final long[] replayCutTimes;
    private final long recoveredEnd;
    /** Which types the log's records were encoded for, by position: a run before an ALTER wrote other types. */
    private final WalSchemas schemas;
    /** The next position where the records' schema changes: a batch never spans it. */
    private long schemaChange;
    /** Whether the records being read were encoded for another schema than this run's (they stay RowBinary). */
    private boolean asLogged;
    /** Set while the worker seals a batch at {@link #schemaChange}: a cut of its own, not one of the replay cuts. */
    private boolean sealingAtSchemaChange;
    private WalReader reader;
    private int nextCut;
    private volatile long liveRowsRead;
    /** Rows accepted since start, as the batcher counts them (the producers' side of {@link #queuedRows()}). */
    private final LongSupplier acceptedRows;

    /**
     * @param columnTypes         the live table's column types, kept in files of refused batches (or {@code null})
     * @param deduplicationWindow how long the server is assumed to remember a token: a batch replayed later is
     *                            counted ({@link BatcherListener#rowsReplayedPastDeduplicationWindow})
     * @param acceptedRows        the batcher's count of rows accepted (not a second counter on the append path)
     */
    LogIntake(TableRef table, RowEncoder<T> encoder, List<String> columnTypes, WriteAheadLog log,
            BatcherListener listener, boolean deduplicate, Duration deduplicationWindow, ByteBudget budget,
            LongSupplier acceptedRows) {
        this.budget = budget;
        this.acceptedRows = acceptedRows;
        this.table = table;
        this.columns = encoder.columnNames();
        this.columnTypes = columnTypes;
        this.encoder = new CountingEncoder<>(table, encoder, listener);
        this.log = log;
        this.listener = listener;
        this.deduplicate = deduplicate;
        this.deduplicationWindowMillis = deduplicationWindow.toMillis();
        this.replayCuts = log.pendingCuts();
        this.replayCutTimes = log.pendingCutTimes();
        this.recoveredEnd = log.recoveredEnd();
        this.schemas = WalSchemas.open(log.directory(), log.start(), recoveredEnd,
                BatchSchema.ofNullable(encoder.columnNames(), columnTypes));
        this.schemaChange = schemas.nextChangeAfter(log.start());
        this.asLogged = otherRun(log.start());
    }

    /** Whether the record at {@code position} was encoded for another schema than this run encodes for. */
    private boolean otherRun(long position) {
        BatchSchema encodedFor = schemas.at(position);
        return encodedFor != null && !encodedFor.equals(BatchSchema.ofNullable(columns, columnTypes));
    }

    /** The log this intake appends to. */
    WriteAheadLog log() {
        return log;
    }

    @Override
    public long append(T row, long timeoutNanos) throws InterruptedException {
        Scratch scratch = SCRATCH.get();
        encoder.encode(row, start(scratch));
        return append(scratch, 1, timeoutNanos);
    }

    @Override
    public long appendAll(Collection<? extends T> rows, long timeoutNanos) throws InterruptedException {
        Scratch scratch = SCRATCH.get();
        RowBuffer record = start(scratch);
        for (T row : rows) {
            encoder.encode(row, record);
        }
        return append(scratch, rows.size(), timeoutNanos);
    }

    private static RowBuffer start(Scratch scratch) {
        RowBuffer record = scratch.record;
        record.clear();
        record.reserve(WalRecords.DATA_PREFIX);
        return record;
    }

    /** Appends the record encoded in {@code scratch}: one thread-local lookup per row. */
    private long append(Scratch scratch, int rows, long timeoutNanos) throws InterruptedException {
        RowBuffer record = scratch.record;
        WalRecords.sealData(record.array(), record.size(), rows, scratch.crc);
        try {
            long end = log.append(record.array(), record.size(), rows, timeoutNanos);
            return end == WriteAheadLog.FULL ? FULL : end == WriteAheadLog.CLOSED ? CLOSED : end;
        } finally {
            if (record.capacity() > KEEP_BUFFER_BYTES) {
                SCRATCH.remove();
            }
        }
    }

    @Override
    public void accepted(long position, Duration timeout) {
        if (!log.syncsEveryAppend()) {
            return;
        }
        try {
            if (!log.awaitDurable(position, timeout.toNanos())) {
                throw new ClickTypeBatchException("the row was appended to the write-ahead log of " + table
                        + " but its fsync did not complete within maxBlock " + timeout + "; it is still sent, "
                        + "but is not known to survive a power loss yet. The disk of " + log.directory()
                        + " is not keeping up: check it, or raise maxBlock");
            }
        } catch (IOException e) {
            throw new ClickTypeBatchException("the row was appended to the write-ahead log of " + table
                    + " but forcing it to disk failed (" + e.getMessage() + "); it is still sent, but would not "
                    + "survive a power loss. Check the disk of " + log.directory(), e);
        }
    }

    @Override
    public boolean flush(CompletableFuture<FlushStats> result) {
        if (log.isClosed()) {
            return false;
        }
        control(result, false);
        return true;
    }

    @Override
    public boolean close(CompletableFuture<FlushStats> last) {
        boolean first = closing.compareAndSet(false, true);
        log.closeAppends();
        if (first) {
            control(last, true);
        }
        return first;
    }

    private void control(CompletableFuture<FlushStats> result, boolean close) {
        controls.add(new ControlMessage(close, result, log.end()));
        log.wake();
    }

    @Override
    public int queuedRows() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, acceptedRows.getAsLong() - liveRowsRead));
    }

    @Override
    public String bound() {
        return "wal.max-size of unacknowledged rows";
    }

    @Override
    public String boundSetting() {
        return "wal.max-size";
    }

    @Override
    public String name() {
        return "write-ahead log";
    }

    @Override
    public long startPosition() {
        return log.start();
    }

    @Override
    public void fill(BatchWorker<T> worker, long timeoutNanos) throws InterruptedException {
        if (reader == null) {
            reader = log.reader();
        }
        if (controls.isEmpty()) {
            // an empty batch wakes at its first row (which starts its maxWait); a started one when it could be
            // full, or WAKE_BYTES later, so that producers hand off to the worker about once per batch
            Batch batch = worker.batch();
            log.awaitData(reader.position(), worker.rowsToLimit(),
                    batch.isEmpty() ? 1 : (int) Math.min(WAKE_BYTES, worker.bytesToLimit()), timeoutNanos);
        }
        long end = log.end();
        long liveRows = 0;
        try {
            while (true) {
                long position = reader.position();
                if (nextCut < replayCuts.length && position >= replayCuts[nextCut]) {
                    pastWindow(worker.batch(), replayCutTimes[nextCut]);
                    worker.seal(FlushTrigger.REPLAY);
                    continue;
                }
                if (position >= end) {
                    break;
                }
                if (position >= schemaChange) {
                    // the records from here on hold other types (another run of the batcher, after an ALTER)
                    schemaChange = schemas.nextChangeAfter(position);
                    asLogged = otherRun(position);
                    if (!worker.batch().isEmpty()) {
                        sealingAtSchemaChange = true;
                        worker.seal(FlushTrigger.REPLAY);
                        continue;
                    }
                }
                Batch batch = worker.batch();
                // records of an earlier run's schema stay as logged (RowBinary); the others go through the encoder
                batch.asLogged = asLogged;
                RowBuffer payload = batch.buffer;
                if (reader.next(asLogged ? payload : worker.encoder().recordBuffer(payload)) != WalRecords.DATA) {
                    continue;
                }
                int rows = reader.rows();
                if (!asLogged) {
                    worker.encoder().recordRead(payload, rows);
                }
                if (position < recoveredEnd) {
                    listener.rowsReplayed(table, rows);
                } else {
                    liveRows += rows;
                }
                worker.added(rows, nextCut >= replayCuts.length);
                if (budget.used() > budget.max() && !worker.batch().isEmpty() && nextCut >= replayCuts.length) {
                    // the rows are safe in the log: hold as little of them on the heap as the budget allows
                    worker.seal(FlushTrigger.MAX_BYTES);
                }
            }
        } finally {
            // once per wake-up, not per record: producers read this object's fields on every insert, and a write
            // per record would take their cache line away from them (see IsolatedCount)
            liveRowsRead += liveRows;
        }
        if (nextCut < replayCuts.length) {
            LOG.warn("Write-ahead log of {}: {} batch cuts lie beyond the log's end (a corrupt segment was set "
                    + "aside); the rows after them are cut anew", table, replayCuts.length - nextCut);
            nextCut = replayCuts.length;
        }
        ControlMessage control;
        while ((control = controls.peek()) != null && control.target() <= reader.position()) {
            controls.poll();
            worker.control(control);
        }
    }

    /**
     * A batch cut before the stop and sent again after the server's deduplication window: if it had landed before
     * the stop (its answer lost), this stores it twice. Counted and logged, like a spill file replayed that late.
     */
    private void pastWindow(Batch batch, long cutMillis) {
        long age = System.currentTimeMillis() - cutMillis;
        if (batch.rows > 0 && age > deduplicationWindowMillis) {
            listener.rowsReplayedPastDeduplicationWindow(table, batch.rows);
            LOG.warn("Sending again {} rows for {} from the write-ahead log, cut {} s ago: past the deduplication window "
                    + "of {} s (replicated_deduplication_window_seconds; count windows may be shorter), so if that batch "
                    + "had landed before the stop it is now stored twice. See docs/delivery.md", batch.rows, table,
                    age / 1000, deduplicationWindowMillis / 1000);
        }
    }

    @Override
    public void sealing(Batch batch, FlushTrigger trigger) {
        long end;
        if (sealingAtSchemaChange) {
            sealingAtSchemaChange = false;
            end = reader.position();
            log.cut(end);
        } else if (trigger == FlushTrigger.REPLAY) {
            end = replayCuts[nextCut++];
        } else if (batch.isEmpty()) {
            end = -1;
        } else {
            end = reader.position();
            log.cut(end);
        }
        batch.end = end;
        BatchSchema encodedFor = end > 0 ? schemas.at(end - 1) : null;
        batch.schema = encodedFor != null && !encodedFor.equals(BatchSchema.ofNullable(columns, columnTypes))
                ? encodedFor : null;
        if (deduplicate && end >= 0) {
            batch.deduplicationToken = log.token(end);
        }
    }

    /**
     * Not restartable: the reader stands somewhere past the last cut, and the records it read since are in the batch
     * being filled; going on would need the reader back at the cut. The rows are safe in the log and sent at the next
     * start.
     */
    @Override
    public boolean workerRestartable() {
        return false;
    }

    @Override
    public Unread dropUnread(Throwable failure, BatcherClosedException cause) {
        throw new UnsupportedOperationException("the write-ahead log's worker does not restart");
    }

    @Override
    public String abandon(BatcherClosedException cause, Batch current) {
        log.closeAppends();
        ControlMessage control;
        while ((control = controls.poll()) != null) {
            control.result().completeExceptionally(cause);
        }
        return "Rows already in the write-ahead log " + log.directory() + " are not lost: they are sent at the next "
                + "start";
    }

    @Override
    public BatchOutcome outcome(BatchOutcome handlerOutcome) {
        return new LogOutcome(table, columns, columnTypes, log, listener);
    }

    @Override
    public boolean retriesForever() {
        return true;
    }

    @Override
    public BatcherClosedException stopped() {
        log.close();
        return new BatcherClosedException("batcher for " + table + " closed before these rows were acknowledged; "
                + "they stay in the write-ahead log and are sent at the next start");
    }
}
