package io.clicktype.batch.wal;

import io.clicktype.batch.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a log directory at start: opens every segment in position order and checks every record's length and
 * checksum. A bad record in the last segment is a torn write (the process or machine died mid-append): the file
 * is cut (truncated) after the last whole record, and counted. A bad record, a bad header or a gap in any other segment makes
 * that segment corrupt: it is renamed to {@code .corrupt}, logged at ERROR and counted, never silently skipped.
 * In a reused segment ({@link WalSegment#recycled}) the records end at the first zero length, and the bytes after it
 * are its old records, not examined. Collects the highest acknowledged position and the batch cut points after it.
 */
final class WalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(WalRecovery.class);

    final List<WalSegment> segments = new ArrayList<>();
    /** Every CUT end found, and when it was cut (epoch milliseconds). */
    private final java.util.TreeMap<Long, Long> cutEnds = new java.util.TreeMap<>();
    long acked = -1;
    long tornRecords;
    long tornBytes;
    long corruptSegments;
    private final int segmentSize;

    private WalRecovery(int segmentSize) {
        this.segmentSize = segmentSize;
    }

    /**
     * Scans {@code directory}; the segments it returns are open and the last one ready for appends.
     *
     * @param segmentSize the record bytes a segment may grow to
     */
    static WalRecovery scan(Path directory, int segmentSize) throws IOException {
        WalRecovery recovery = new WalRecovery(segmentSize);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(f -> f.getFileName().toString().endsWith(WalSegment.SUFFIX)).sorted().forEach(files::add);
        }
        for (java.util.Iterator<Path> it = files.iterator(); it.hasNext(); ) {
            Path file = it.next();
            if (!OwnerOnlyFiles.isRegularFile(file)) {
                // a link is never followed out of the directory: whoever made it chose what it points to
                it.remove();
                LOG.warn("Write-ahead log {}: {} is not a regular file (a symbolic link?); it is ignored, not replayed",
                        directory, file.getFileName());
            }
        }
        for (int i = 0; i < files.size(); i++) {
            recovery.scanFile(files.get(i), i == files.size() - 1);
        }
        recovery.checkContinuity();
        return recovery;
    }

    /** Where replay starts: after the last acknowledged batch, and never before the first segment. */
    long start() {
        // called after checkContinuity, which removed the markers of set-aside segments
        long first = segments.isEmpty() ? 0 : segments.get(0).base;
        return Math.max(acked, first);
    }

    /** The cut ends after {@link #start()}, ascending. */
    long[] pendingCuts() {
        long start = start();
        return cutEnds.tailMap(start, false).keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** When each of {@link #pendingCuts()} was cut, epoch milliseconds, same order. */
    long[] pendingCutTimes() {
        return cutEnds.tailMap(start(), false).values().stream().mapToLong(Long::longValue).toArray();
    }

    private void scanFile(Path file, boolean last) throws IOException {
        long base;
        try {
            String name = file.getFileName().toString();
            base = Long.parseLong(name.substring(0, name.length() - WalSegment.SUFFIX.length()));
        } catch (NumberFormatException e) {
            setAside(file, null, "not a segment name");
            segments.add(null);
            return;
        }
        WalSegment segment;
        try {
            segment = WalSegment.open(file, base, segmentSize);
        } catch (CorruptSegmentException e) {
            setAside(file, null, e.getMessage());
            segments.add(null);
            return;
        }
        long fileBytes = segment.used;
        long offset = 0;
        java.util.Map<Long, Long> cuts = new java.util.HashMap<>();
        long maxAck = -1;
        String damage = null;
        try (RecordInput input = segment.input()) {
            while (offset < fileBytes) {
                long position = base + offset;
                int at = offset + WalRecords.HEADER + 1 <= fileBytes ? input.fetch(position, WalRecords.HEADER + 1, base + fileBytes) : -1;
                if (at < 0) {
                    damage = segment.recycled || dirtyAfter(input, base, offset, fileBytes) == null ? null
                            : "a record header cut short at position " + position;
                    break;
                }
                int length = WalRecords.getInt(input.buffer(), at);
                if (length == 0) {
                    // the end of the records: a segment filled with zeros is zeros from here, a reused one holds
                    // its old records (their checksums do not match this segment's seed)
                    damage = segment.recycled ? null : dirtyAfter(input, base, offset, fileBytes);
                    break;
                }
                if (length < 1 || length > fileBytes - offset - WalRecords.HEADER) {
                    damage = "record length " + length + " at position " + position;
                    break;
                }
                int size = WalRecords.HEADER + length;
                at = input.fetch(position, size, base + fileBytes);
                byte[] record = input.buffer();
                int crc = WalRecords.crc(record, at + WalRecords.HEADER, length) ^ segment.seed;
                if (crc != WalRecords.getInt(record, at + 4)) {
                    damage = "checksum mismatch at position " + position;
                    break;
                }
                byte type = record[at + WalRecords.HEADER];
                if (type == WalRecords.CUT) {
                    cuts.put(WalRecords.getLong(record, at + WalRecords.HEADER + 1),
                            WalRecords.getLong(record, at + WalRecords.HEADER + 9));
                } else if (type == WalRecords.ACK) {
                    maxAck = Math.max(maxAck, WalRecords.getLong(record, at + WalRecords.HEADER + 1));
                } else if (type != WalRecords.DATA) {
                    damage = "unknown record type " + type + " at position " + position;
                    break;
                }
                offset += size;
            }
        }
        if (damage != null && !last) {
            segment.used = (int) offset;
            segment.close();
            setAside(file, segment, damage);
            segments.add(null);
            return;
        }
        if (damage != null) {
            tornRecords++;
            tornBytes += fileBytes - offset;
            segment.cutAfter((int) offset);
            LOG.warn("Write-ahead log segment {}: cut off a torn last record ({}; {} bytes after position {}), "
                    + "written when the process or machine died mid-append; its insert had not returned",
                    segment.file, damage, fileBytes - offset, segment.end());
        }
        segment.used = (int) offset;
        segments.add(segment);
        cutEnds.putAll(cuts);
        acked = Math.max(acked, maxAck);
    }

    /** {@code null} when every byte from {@code offset} to the file's end is zero, else what was found. */
    private static String dirtyAfter(RecordInput input, long base, long offset, long fileBytes) throws IOException {
        for (long at = offset; at < fileBytes; ) {
            int chunk = (int) Math.min(64 * 1024, fileBytes - at);
            int index = input.fetch(base + at, chunk, base + fileBytes);
            byte[] bytes = input.buffer();
            for (int i = 0; i < chunk; i++) {
                if (bytes[index + i] != 0) {
                    return "an unfinished record at position " + (base + offset);
                }
            }
            at += chunk;
        }
        return null;
    }

    /** A segment must start where the previous one ended; one that ends early lost records: set it aside. */
    private void checkContinuity() throws IOException {
        for (int i = 0; i + 1 < segments.size(); i++) {
            WalSegment segment = segments.get(i);
            WalSegment next = segments.get(i + 1);
            if (segment != null && next != null && segment.end() != next.base) {
                segments.set(i, null);
                segment.close();
                setAside(segment.file, segment, "its records end at position " + segment.end() + " but the next "
                        + "segment starts at " + next.base);
            }
        }
        segments.removeIf(java.util.Objects::isNull);
        for (int i = 0; i + 1 < segments.size(); i++) {
            segments.get(i).next = segments.get(i + 1);
        }
    }

    private void setAside(Path file, WalSegment segment, String reason) throws IOException {
        corruptSegments++;
        Path target = file.resolveSibling(file.getFileName() + ".corrupt");
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        LOG.error("Write-ahead log segment {} is corrupt ({}){}: renamed to {} and NOT replayed. Its rows may not "
                + "have reached ClickHouse; inspect it, and count it as lost or recover it by hand", file, reason,
                segment == null ? "" : " after " + segment.used + " good bytes", target);
    }
}
