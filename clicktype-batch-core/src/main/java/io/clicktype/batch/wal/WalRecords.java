package io.clicktype.batch.wal;

import io.clicktype.batch.encoding.RowBuffer;
import java.util.zip.CRC32C;

/**
 * The record layout of a write-ahead log segment, little-endian:
 *
 * <pre>
 * int32  length   bytes of type + body (0: no record here, the end of the segment's data)
 * int32  crc32c   CRC32C of type + body ({@link java.util.zip.CRC32C})
 * int8   type     {@link #DATA}, {@link #CUT} or {@link #ACK}
 * body   DATA: int32 rows, then the rows' RowBinary bytes
 *        CUT:  int64 end, the log position where the batch's data ends (a batch holds the data records between
 *              the previous cut's end and this one), then int64 epoch milliseconds when it was cut
 *        ACK:  int64 end, the end of the batch ClickHouse acknowledged, then int64 epoch milliseconds
 * </pre>
 *
 * <p>A record is written body first and length last, so a process killed mid-write leaves a zero length (no
 * record); a record torn by a power loss fails its checksum. Stateless.
 */
public final class WalRecords {

    /** Bytes before the type: length and checksum. */
    public static final int HEADER = 8;
    /** Bytes of a DATA record before its payload: header, type and row count. */
    public static final int DATA_PREFIX = HEADER + 1 + 4;
    /** Bytes of a CUT or ACK record. */
    public static final int MARK_SIZE = HEADER + 1 + 16;
    /** Rows appended by producers. */
    public static final byte DATA = 1;
    /** A batch boundary, written by the worker before the batch is first sent. */
    public static final byte CUT = 2;
    /** A batch acknowledged by ClickHouse. */
    public static final byte ACK = 3;

    private WalRecords() {
    }

    /**
     * Completes a DATA record whose payload was written at {@code [DATA_PREFIX, size)} of {@code record}: fills in
     * length, checksum, type and rows.
     */
    public static void sealData(byte[] record, int size, int rows) {
        sealData(record, size, rows, new CRC32C());
    }

    /** {@link #sealData(byte[], int, int)} with a reusable checksum (reset here): nothing allocated per record. */
    public static void sealData(byte[] record, int size, int rows, CRC32C crc) {
        record[HEADER] = DATA;
        putInt(record, HEADER + 1, rows);
        crc.reset();
        crc.update(record, HEADER, size - HEADER);
        putInt(record, 0, size - HEADER);
        putInt(record, 4, (int) crc.getValue());
    }

    /**
     * A CUT or ACK record for {@code end} at {@code millis}, written into {@code record} (at least
     * {@link #MARK_SIZE} bytes).
     */
    static void mark(byte[] record, byte type, long end, long millis) {
        record[HEADER] = type;
        putLong(record, HEADER + 1, end);
        putLong(record, HEADER + 9, millis);
        seal(record, MARK_SIZE);
    }

    private static void seal(byte[] record, int size) {
        putInt(record, 0, size - HEADER);
        putInt(record, 4, crc(record, HEADER, size - HEADER));
    }

    /** The CRC32C of {@code length} bytes from {@code offset}, as stored. */
    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static void putInt(byte[] b, int at, int value) {
        RowBuffer.putIntLE(b, at, value);
    }

    static int getInt(byte[] b, int at) {
        return RowBuffer.readIntLE(b, at);
    }

    static void putLong(byte[] b, int at, long value) {
        RowBuffer.putLongLE(b, at, value);
    }

    static long getLong(byte[] b, int at) {
        return RowBuffer.readLongLE(b, at);
    }
}
