package io.clicktype.batch.wal;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Reads a segment's bytes by log position through a buffer of its own (256 KiB reads), so that reading records
 * back costs one system call per buffer, not per record. One thread at a time.
 */
final class RecordInput implements Closeable {

    private static final int CHUNK = 256 * 1024;

    private final WalSegment segment;
    private final RandomAccessFile in;
    private byte[] buffer = new byte[CHUNK];
    /** Log position of {@code buffer[0]}. */
    private long start;
    private int length;

    RecordInput(WalSegment segment) throws IOException {
        this.segment = segment;
        this.in = new RandomAccessFile(segment.file.toFile(), "r");
    }

    /**
     * Makes {@code size} bytes at log position {@code position} available in {@link #buffer()}, reading ahead no
     * further than log position {@code limit} (bytes beyond the records written so far may still change).
     *
     * @return their index in the buffer, or -1 when the file ends before
     */
    int fetch(long position, int size, long limit) throws IOException {
        if (position >= start && position + size <= start + length) {
            return (int) (position - start);
        }
        if (buffer.length < size) {
            buffer = new byte[Math.max(size, buffer.length * 2)];
        }
        in.seek(WalSegment.FILE_HEADER + (position - segment.base));
        int read = 0;
        int n;
        int want = (int) Math.max(size, Math.min(buffer.length, limit - position));
        while (read < want && (n = in.read(buffer, read, want - read)) > 0) {
            read += n;
        }
        start = position;
        length = read;
        return read >= size ? 0 : -1;
    }

    /** The buffer {@link #fetch} filled. */
    byte[] buffer() {
        return buffer;
    }

    /** The file's length in record bytes. */
    long recordBytes() throws IOException {
        return in.length() - WalSegment.FILE_HEADER;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // read-only handle
        }
    }
}
