package io.clicktype.batch.wal;

import io.clicktype.batch.encoding.RowBuffer;

/**
 * Reads a log's records in order, for the one worker thread that cuts batches from it. Reads only below the
 * log's published end, which is written after each record is complete, so it needs no lock. Not thread-safe.
 */
public final class WalReader {

    private WalSegment segment;
    private long position;
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
     */
    public byte next(RowBuffer out) {
        int length = lengthAt(position);
        while (length == 0) {
            // the end of this segment's records: the rest is in the next one (which may start later, when a
            // corrupt segment in between was set aside)
            segment = segment.next;
            position = Math.max(position, segment.base);
            length = lengthAt(position);
        }
        int size = WalRecords.HEADER + length;
        byte type = typeAt(position);
        if (type == WalRecords.DATA) {
            rows = segment.intAt(position + WalRecords.HEADER + 1);
            int payload = size - WalRecords.DATA_PREFIX;
            int offset = out.reserve(payload);
            segment.read(position + WalRecords.DATA_PREFIX, out.array(), offset, payload);
        } else {
            rows = 0;
        }
        position += size;
        return type;
    }

    private int lengthAt(long at) {
        return at - segment.base + WalRecords.HEADER > segment.capacity ? 0 : segment.intAt(at);
    }

    private byte typeAt(long at) {
        return segment.byteAt((int) (at - segment.base) + WalRecords.HEADER);
    }
}
