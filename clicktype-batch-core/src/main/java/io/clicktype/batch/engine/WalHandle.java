package io.clicktype.batch.engine;

import io.clicktype.batch.BatchQueueFullException;
import io.clicktype.batch.BatcherClosedException;
import io.clicktype.batch.BatcherHandle;
import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.ClickTypeBatchException;
import io.clicktype.batch.FlushStats;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;
import io.clicktype.batch.wal.WalRecords;
import io.clicktype.batch.wal.WriteAheadLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32C;

/**
 * The producer side of a write-ahead-logged batcher: validates and encodes each row on the caller's thread, then
 * appends it to the log; with fsync {@code always} it returns only once the log is on disk up to the row (group
 * commit). Thread-safe; allocates nothing per row (one reusable record buffer per producer thread), except the
 * stage {@link #submit} returns.
 *
 * @param <T> the row type
 */
final class WalHandle<T> implements BatcherHandle<T> {

    /** Records are encoded here, per producer thread; a buffer grown past this is dropped after use. */
    private static final int KEEP_BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** A producer thread's record buffer and checksum, reused for every row it inserts. */
    private static final class Scratch {
        final RowBuffer record = new RowBuffer(4096);
        final CRC32C crc = new CRC32C();
    }

    private final TableRef table;
    private final CountingEncoder<T> encoder;
    private final WriteAheadLog log;
    private final WalWorker worker;
    private final AckWaiters waiters;
    private final BatcherListener listener;
    private final BatcherCounters state;
    private final long maxBlockNanos;
    private final Duration maxBlock;

    WalHandle(TableRef table, RowEncoder<T> encoder, WriteAheadLog log, WalWorker worker, AckWaiters waiters,
            BatcherListener listener, BatcherCounters state, Duration maxBlock) {
        this.table = table;
        this.encoder = new CountingEncoder<>(table, encoder, listener);
        this.log = log;
        this.worker = worker;
        this.waiters = waiters;
        this.listener = listener;
        this.state = state;
        this.maxBlock = maxBlock;
        this.maxBlockNanos = maxBlock.toNanos();
    }

    @Override
    public void insert(T row) {
        encoder.validate(row);
        accepted(append(encode(row, SCRATCH.get()), 1, maxBlockNanos), 1);
    }

    @Override
    public CompletionStage<FlushStats> submit(T row) {
        encoder.validate(row);
        long end = append(encode(row, SCRATCH.get()), 1, maxBlockNanos);
        accepted(end, 1);
        return waiters.add(end).minimalCompletionStage();
    }

    @Override
    public boolean tryInsert(T row) {
        encoder.validate(row);
        long end = append(encode(row, SCRATCH.get()), 1, 0);
        if (end == WriteAheadLog.FULL) {
            listener.rowsShed(table, 1);
            return false;
        }
        accepted(end, 1);
        return true;
    }

    @Override
    public void insertMany(Collection<? extends T> rows) {
        Objects.requireNonNull(rows, "rows");
        int size = rows.size();
        if (size == 0) {
            return;
        }
        for (T row : rows) {
            encoder.validate(row);
        }
        Scratch scratch = SCRATCH.get();
        RowBuffer record = start(scratch);
        for (T row : rows) {
            encoder.encode(row, record);
        }
        accepted(append(scratch, size, maxBlockNanos), size);
    }

    @Override
    public CompletableFuture<FlushStats> flush() {
        CompletableFuture<FlushStats> result = new CompletableFuture<>();
        if (log.isClosed()) {
            result.completeExceptionally(closed());
        } else {
            worker.control(result, false);
        }
        return result;
    }

    @Override
    public int queuedRows() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, state.snapshot(table, 0, 0).acceptedRows()
                - worker.liveRowsRead()));
    }

    @Override
    public TableRef table() {
        return table;
    }

    /** Encodes {@code row} as the one row of a record in {@code scratch}, which it returns. */
    private Scratch encode(T row, Scratch scratch) {
        encoder.encode(row, start(scratch));
        return scratch;
    }

    private static RowBuffer start(Scratch scratch) {
        RowBuffer record = scratch.record;
        record.clear();
        record.reserve(WalRecords.DATA_PREFIX);
        return record;
    }

    /**
     * Appends the record encoded in {@code scratch}; returns its end, {@link WriteAheadLog#FULL} or
     * {@link WriteAheadLog#CLOSED}. The caller looked {@code scratch} up once: one thread-local lookup per row.
     */
    private long append(Scratch scratch, int rows, long timeoutNanos) {
        RowBuffer record = scratch.record;
        WalRecords.sealData(record.array(), record.size(), rows, scratch.crc);
        try {
            return log.append(record.array(), record.size(), rows, timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickTypeBatchException("interrupted while waiting for room in the write-ahead log of " + table
                    + "; " + rows + " row(s) not accepted", e);
        } finally {
            if (record.capacity() > KEEP_BUFFER_BYTES) {
                SCRATCH.remove();
            }
        }
    }

    private void accepted(long end, int rows) {
        if (end == WriteAheadLog.FULL) {
            listener.rowsTimedOut(table, rows);
            throw new BatchQueueFullException("the write-ahead log of " + table + " stayed full (wal.max-size of "
                    + "unacknowledged rows) for maxBlock " + maxBlock + "; " + rows + " row(s) not accepted. "
                    + "ClickHouse is not keeping up or is unreachable: retry later, use tryInsert to shed load, or "
                    + "raise wal.max-size / maxBlock");
        }
        if (end == WriteAheadLog.CLOSED) {
            throw closed();
        }
        listener.rowsAccepted(table, rows);
        if (log.syncsEveryAppend()) {
            try {
                if (!log.awaitDurable(end, maxBlockNanos)) {
                    throw new ClickTypeBatchException("the row was appended to the write-ahead log of " + table
                            + " but its fsync did not complete within maxBlock " + maxBlock + "; it is still sent, "
                            + "but is not known to survive a power loss yet. The disk of " + log.directory()
                            + " is not keeping up: check it, or raise maxBlock");
                }
            } catch (IOException e) {
                throw new ClickTypeBatchException("the row was appended to the write-ahead log of " + table
                        + " but forcing it to disk failed (" + e.getMessage() + "); it is still sent, but would not "
                        + "survive a power loss. Check the disk of " + log.directory(), e);
            }
        }
    }

    private BatcherClosedException closed() {
        return state.closedException(table);
    }
}
