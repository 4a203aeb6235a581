package io.clicktype.batch.wal;

import io.clicktype.batch.files.OwnerOnlyFiles;
import io.clicktype.batch.schema.BatchSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Which schema the records of a write-ahead log were encoded for, by log position: the file {@code schemas} beside the
 * segments, one entry per run of the batcher whose types differed from the run before ("records from position P on
 * were encoded for these columns and types"). A run started after an {@code ALTER TABLE} encodes for the new types,
 * while the records an earlier run left unacknowledged still hold the old ones; without this, they would be sent
 * as if encoded for the new types and read misread.
 *
 * <p>Format: the magic {@code CTWS}, a version byte (1), the entry count, and per entry the position (8 bytes), the
 * column count and each column's name and type (Java's modified UTF-8, {@link DataOutputStream#writeUTF}). Written to
 * a temporary file, forced, and renamed over the old one: a crash leaves either file whole. A log without the file (a
 * log written before this file existed) is taken as encoded for the types the batcher starts with. Immutable.
 */
public final class WalSchemas {

    static final String FILE = "schemas";
    private static final int MAGIC = 0x43545753; // "CTWS"
    private static final byte VERSION = 1;

    private record Entry(long from, BatchSchema schema) {
    }

    private final List<Entry> entries;

    private WalSchemas(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the log's schemas, adds {@code current} from {@code recoveredEnd} on (where this run's records start) when
     * it differs from the last, forgets entries wholly before {@code start} (acknowledged), and writes the file back.
     *
     * @param current what this run encodes for, or {@code null} when unknown (then nothing is kept)
     * @throws UncheckedIOException naming the file when it cannot be read or written
     */
    public static WalSchemas open(Path directory, long start, long recoveredEnd, BatchSchema current) {
        Path file = directory.resolve(FILE);
        if (current == null) {
            return new WalSchemas(List.of());
        }
        try {
            List<Entry> entries = Files.exists(file) ? read(file) : new ArrayList<>();
            // entries wholly before start (the first unacknowledged record) are no longer needed
            while (entries.size() > 1 && entries.get(1).from() <= start) {
                entries.remove(0);
            }
            if (entries.isEmpty()) {
                entries.add(new Entry(start, current));
            } else if (!entries.get(entries.size() - 1).schema().equals(current)) {
                entries.add(new Entry(recoveredEnd, current));
            }
            write(directory, entries);
            return new WalSchemas(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + " (the column types of the write-ahead "
                    + "log's records): " + e.getMessage() + "; check the log directory's permissions and free space",
                    e);
        }
    }

    /** The schema the record at {@code position} was encoded for, or {@code null} when unknown. */
    public BatchSchema at(long position) {
        BatchSchema found = null;
        for (Entry entry : entries) {
            if (entry.from() <= position) {
                found = entry.schema();
            }
        }
        return found;
    }

    /** The first position after {@code position} where the schema changes, or {@code Long.MAX_VALUE}. */
    public long nextChangeAfter(long position) {
        for (Entry entry : entries) {
            if (entry.from() > position) {
                return entry.from();
            }
        }
        return Long.MAX_VALUE;
    }

    private static List<Entry> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != MAGIC || in.readByte() != VERSION) {
                throw new IOException("not a schemas file of this version");
            }
            int count = in.readInt();
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long from = in.readLong();
                int columns = in.readInt();
                List<String> names = new ArrayList<>(columns);
                List<String> types = new ArrayList<>(columns);
                for (int c = 0; c < columns; c++) {
                    names.add(in.readUTF());
                    types.add(in.readUTF());
                }
                entries.add(new Entry(from, new BatchSchema(names, types)));
            }
            return entries;
        }
    }

    private static void write(Path directory, List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                out.writeLong(entry.from());
                out.writeInt(entry.schema().columns().size());
                for (int c = 0; c < entry.schema().columns().size(); c++) {
                    out.writeUTF(entry.schema().columns().get(c));
                    out.writeUTF(entry.schema().types().get(c));
                }
            }
        }
        Path temporary = OwnerOnlyFiles.replace(directory.resolve(FILE + ".tmp"));
        try (FileChannel channel = OwnerOnlyFiles.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
