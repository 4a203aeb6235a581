package io.clicktype.batch.engine;

import io.clicktype.batch.BatcherListener;
import io.clicktype.batch.RowRejectedException;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.encoding.RowEncoder;

/**
 * A table's encoder as the intakes run it on the caller's thread: a row it rejects is counted
 * ({@link BatcherListener#rowsRejected}) before the {@link RowRejectedException} reaches the caller, in memory
 * ({@link MemoryIntake}, which validates) and with a write-ahead log ({@link LogIntake}, which encodes once).
 *
 * @param <T> the row type
 */
final class CountingEncoder<T> {

    private final TableRef table;
    private final RowEncoder<T> encoder;
    private final BatcherListener listener;

    CountingEncoder(TableRef table, RowEncoder<T> encoder, BatcherListener listener) {
        this.table = table;
        this.encoder = encoder;
        this.listener = listener;
    }

    /** Checks {@code row} ({@link RowEncoder#validate}). */
    void validate(T row) {
        try {
            encoder.validate(row);
        } catch (RowRejectedException e) {
            listener.rowsRejected(table, 1);
            throw e;
        }
    }

    /** Encodes {@code row} into {@code out} ({@link RowEncoder#encode}). */
    void encode(T row, RowBuffer out) {
        try {
            encoder.encode(row, out);
        } catch (RowRejectedException e) {
            listener.rowsRejected(table, 1);
            throw e;
        }
    }
}
