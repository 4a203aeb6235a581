package io.clicktype.batch.wal;

import io.clicktype.batch.encoding.RowBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a log's records in order, for the one worker thread that cuts batches from it. Reads only below the
 * log's published end, which moves after each record is written, through a file handle and buffer of its own.
 * Not thread-safe.
 */
public final class WalReader implements AutoCloseable {

    private WalSegment segment;
    private RecordInput input;
    private long position;
    /**
     * The segment's end as last read: read again only when the reader reaches it. The producers write the
     * segment's end on every append; reading it per record took that cache line from them each time.
     */
    private long segmentEnd;
    private int rows;

    WalReader(WalSegment segment, long position) {
        this.segment = segment;
        this.position = Math.max(position, segment.base);
    }

    /** The position of the next record. */
    public long position() {
        return position;
    }

    /** Rows of the last DATA record read. */
    public int rows() {
        return rows;
    }

    /**
     * Reads the record at {@link #position()}, which must be below the log's end: a DATA record's rows are
     * appended to {@code out}.
     *
     * @return the record's type ({@link WalRecords#DATA}, {@link WalRecords#CUT} or {@link WalRecords#ACK})
     * @throws UncheckedIOException when the segment cannot be read
     */
    public byte next(RowBuffer out) {
        if (position >= segmentEnd) {
            segmentEnd = segment.end();
            while (position >= segmentEnd) {
                // the end of this segment's records: the rest is in the next one (which may start later, when a
                // corrupt segment in between was set aside)
                segment = segment.next;
                position = Math.max(position, segment.base);
                close();
                segmentEnd = segment.end();
            }
        }
        try {
            if (input == null) {
                input = segment.input();
            }
            int at = input.fetch(position, WalRecords.HEADER + 1, segmentEnd);
            int length = WalRecords.getInt(input.buffer(), at);
            int size = WalRecords.HEADER + length;
            at = input.fetch(position, size, segmentEnd);
            byte[] buffer = input.buffer();
            byte type = buffer[at + WalRecords.HEADER];
            if (type == WalRecords.DATA) {
                rows = WalRecords.getInt(buffer, at + WalRecords.HEADER + 1);
                out.writeBytes(buffer, at + WalRecords.DATA_PREFIX, size - WalRecords.DATA_PREFIX);
            } else {
                rows = 0;
            }
            position += size;
            return type;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read write-ahead log segment " + segment.file, e);
        }
    }

    /** Closes the file handle. */
    @Override
    public void close() {
        if (input != null) {
            input.close();
            input = null;
        }
    }
}
