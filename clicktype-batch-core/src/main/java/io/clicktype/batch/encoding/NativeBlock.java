package io.clicktype.batch.encoding;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Native block of one batch, built column by column from rows in RowBinary: the worker's, reused for every batch
 * (each column's streams keep their buffers). Not thread-safe.
 *
 * <p>A block is, as ClickHouse reads it over HTTP ({@code INSERT ... FORMAT Native}; docs "Native format", the
 * {@code NativeReader} of the server): the number of columns and the number of rows (unsigned LEB128), then per
 * column its name and its type name (each a LEB128 length and UTF-8 bytes) and its data ({@link NativeColumn}). No
 * block info header and no per-column serialization flag: those precede a block only on the TCP protocol, or over
 * HTTP with {@code client_protocol_version} (measured on 18.16.1 and 26.7: both read this block as it is).
 */
public final class NativeBlock {

    private final NativeColumn[] columns;
    /** Per column, its name and type name as the block writes them. */
    private final byte[][] headers;
    private int rows;

    /**
     * @param names     column names, in the order the rows' RowBinary holds them
     * @param types     the type name each column is sent as (the server converts it to the table's where they differ)
     * @param columns   each column's layout, for those types
     */
    public NativeBlock(List<String> names, List<String> types, List<NativeColumn> columns) {
        if (names.size() != types.size() || names.size() != columns.size()) {
            throw new IllegalArgumentException(names.size() + " names, " + types.size() + " types and "
                    + columns.size() + " columns");
        }
        this.columns = columns.toArray(new NativeColumn[0]);
        this.headers = new byte[names.size()][];
        for (int i = 0; i < headers.length; i++) {
            RowBuffer header = new RowBuffer(64);
            Utf8.writeWithLength(names.get(i), header);
            byte[] type = types.get(i).getBytes(StandardCharsets.UTF_8);
            header.writeVarUInt(type.length);
            header.writeBytes(type, 0, type.length);
            headers[i] = java.util.Arrays.copyOf(header.array(), header.size());
        }
    }

    /**
     * Appends {@code count} rows whose RowBinary bytes are {@code [from, to)} of {@code source}.
     *
     * @throws IllegalStateException when the rows do not end at {@code to} (bytes not of these columns' types)
     */
    public void appendRows(byte[] source, int from, int to, int count) {
        NativeColumn[] cols = columns;
        int at = from;
        for (int row = 0; row < count; row++) {
            for (NativeColumn column : cols) {
                at = column.append(source, at);
            }
        }
        if (at != to) {
            throw new IllegalStateException(count + " rows read " + (at - from) + " bytes of " + (to - from)
                    + ": the RowBinary rows do not match the block's column types");
        }
        rows += count;
    }

    /**
     * Points {@code targets[i]} at column {@code i}'s own buffer where its values' RowBinary bytes are its Native
     * bytes (see {@link NativeColumn#directTarget}), and returns the indexes of the other columns.
     */
    int[] directTargets(RowBuffer[] targets) {
        int[] moved = new int[columns.length];
        int count = 0;
        for (int i = 0; i < columns.length; i++) {
            targets[i] = columns[i].directTarget();
            if (targets[i] == null) {
                moved[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(moved, count);
    }

    /** The indexes of the columns whose values written into their direct target are then settled. */
    int[] settlingColumns() {
        int[] settling = new int[columns.length];
        int count = 0;
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].settles()) {
                settling[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(settling, count);
    }

    /** Forgets whatever a row that failed half-way wrote into the columns: keeps the block's {@link #rows}. */
    void rollBackPartialRow() {
        for (NativeColumn column : columns) {
            column.truncateRows(rows);
        }
    }

    /** Column {@code i}, for a value written elsewhere to be moved in ({@link NativeColumn#append}). */
    NativeColumn column(int i) {
        return columns[i];
    }

    /** One more row was written straight into the columns. */
    void rowAdded() {
        rows++;
    }

    /** Rows in the block. */
    public int rows() {
        return rows;
    }

    /** Bytes the block's columns hold, without names and types. */
    public long size() {
        long size = 0;
        for (NativeColumn column : columns) {
            size += column.size();
        }
        return size;
    }

    /** Bytes the column buffers take on the heap (their capacity). */
    public long capacity() {
        long capacity = 0;
        for (NativeColumn column : columns) {
            capacity += column.capacity();
        }
        return capacity;
    }

    /** Writes the whole block; nothing for a block without rows. */
    public void writeTo(RowBuffer out) {
        if (rows == 0) {
            return;
        }
        long size = size();
        for (byte[] header : headers) {
            size += header.length;
        }
        out.ensureCapacity((int) Math.min(Integer.MAX_VALUE - 64, size + 20));
        out.writeVarUInt(columns.length);
        out.writeVarUInt(rows);
        for (int i = 0; i < columns.length; i++) {
            out.writeBytes(headers[i], 0, headers[i].length);
            columns[i].writeTo(out);
        }
    }

    /** Starts the next block, keeping the buffers (see {@link RowBuffer#clearAndShrink}). */
    public void clear(int threshold, int initialCapacity) {
        for (NativeColumn column : columns) {
            column.clear(threshold, initialCapacity);
        }
        rows = 0;
    }
}
