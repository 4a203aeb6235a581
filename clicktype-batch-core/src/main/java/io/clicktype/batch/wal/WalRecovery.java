package io.clicktype.batch.wal;

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
 * checksum. A bad record in the last segment is a torn write (the process or machine died mid-append): the rest
 * of the segment is cut off (zeroed) and counted. A bad record, a bad header or a gap in any other segment makes
 * that segment corrupt: it is renamed to {@code .corrupt}, logged at ERROR and counted, never silently skipped.
 * Collects the highest acknowledged position and the batch cut points after it.
 */
final class WalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(WalRecovery.class);

    final List<WalSegment> segments = new ArrayList<>();
    /** Every CUT end found, in log order. */
    private final List<Long> cutEnds = new ArrayList<>();
    long acked = -1;
    long tornRecords;
    long tornBytes;
    long corruptSegments;
    private byte[] scratch = new byte[64 * 1024];

    private WalRecovery() {
    }

    /** Scans {@code directory}; the segments it returns are open and the last one ready for appends. */
    static WalRecovery scan(Path directory) throws IOException {
        WalRecovery recovery = new WalRecovery();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(f -> f.getFileName().toString().endsWith(WalSegment.SUFFIX)).sorted().forEach(files::add);
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
        return cutEnds.stream().mapToLong(Long::longValue).filter(end -> end > start).sorted().distinct().toArray();
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
            segment = WalSegment.open(file, base);
        } catch (CorruptSegmentException e) {
            setAside(file, null, e.getMessage());
            segments.add(null);
            return;
        }
        int offset = 0;
        List<Long> cuts = new ArrayList<>();
        long maxAck = -1;
        String damage = null;
        while (offset + WalRecords.HEADER <= segment.capacity) {
            int length = segment.intAt(base + offset);
            if (length == 0) {
                break;
            }
            if (length < 1 || length > segment.capacity - offset - WalRecords.HEADER) {
                damage = "record length " + length + " at position " + (base + offset);
                break;
            }
            int size = WalRecords.HEADER + length;
            if (scratch.length < size) {
                scratch = new byte[Math.max(size, scratch.length * 2)];
            }
            segment.read(base + offset, scratch, 0, size);
            if (WalRecords.crc(scratch, WalRecords.HEADER, length) != WalRecords.getInt(scratch, 4)) {
                damage = "checksum mismatch at position " + (base + offset);
                break;
            }
            byte type = scratch[WalRecords.HEADER];
            if (type == WalRecords.CUT) {
                cuts.add(WalRecords.getLong(scratch, WalRecords.HEADER + 1));
            } else if (type == WalRecords.ACK) {
                maxAck = Math.max(maxAck, WalRecords.getLong(scratch, WalRecords.HEADER + 1));
            } else if (type != WalRecords.DATA) {
                damage = "unknown record type " + type + " at position " + (base + offset);
                break;
            }
            offset += size;
        }
        segment.used = offset;
        if (damage != null && !last) {
            segment.close();
            setAside(file, segment, damage);
            segments.add(null);
            return;
        }
        if (last) {
            cutTornTail(segment, damage);
        }
        segments.add(segment);
        cutEnds.addAll(cuts);
        acked = Math.max(acked, maxAck);
    }

    /** Zeroes whatever follows the last whole record of the last segment: a write that did not complete. */
    private void cutTornTail(WalSegment segment, String damage) {
        int firstDirty = -1;
        int lastDirty = -1;
        for (int at = segment.used; at < segment.capacity; at++) {
            if (segment.byteAt(at) != 0) {
                if (firstDirty < 0) {
                    firstDirty = at;
                }
                lastDirty = at;
            }
        }
        if (firstDirty < 0) {
            return;
        }
        tornRecords++;
        tornBytes += lastDirty + 1 - segment.used;
        segment.zeroFrom(segment.used);
        LOG.warn("Write-ahead log segment {}: cut off a torn last record ({}; {} bytes after position {}), written "
                + "when the process died mid-append; its insert had not returned", segment.file,
                damage == null ? "incomplete write" : damage, lastDirty + 1 - segment.used, segment.end());
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
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        LOG.error("Write-ahead log segment {} is corrupt ({}){}: renamed to {} and NOT replayed. Its rows may not "
                + "have reached ClickHouse; inspect it, and count it as lost or recover it by hand", file, reason,
                segment == null ? "" : " after " + segment.used + " good bytes", target);
    }
}
