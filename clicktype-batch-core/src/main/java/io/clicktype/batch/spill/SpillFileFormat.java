package io.clicktype.batch.spill;

import io.clicktype.batch.TableRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The self-describing spill file: a text header ({@code CTSPILL 1}, then {@code key=value} lines: table,
 * columns, rows, format, token, length, crc32c), an empty line, then the RowBinary payload. A file
 * whose header, length or checksum does not add up is corrupt as a whole — never replayed half-way.
 */
public final class SpillFileFormat {

    static final String MAGIC = "CTSPILL 1";

    private SpillFileFormat() {
    }

    /** The bytes of a spill file for {@code record}. */
    public static byte[] encode(SpillRecord record) {
        CRC32C crc = new CRC32C();
        crc.update(record.payload());
        StringBuilder header = new StringBuilder(MAGIC).append('\n')
                .append("table=").append(record.table()).append('\n')
                .append("columns=").append(String.join(",", record.columns())).append('\n')
                .append("rows=").append(record.rows()).append('\n')
                .append("format=RowBinary\n")
                .append("token=").append(record.deduplicationToken() == null ? "" : record.deduplicationToken()).append('\n')
                .append("length=").append(record.payload().length).append('\n')
                .append("crc32c=").append(Long.toHexString(crc.getValue())).append("\n\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + record.payload().length);
        out.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(record.payload());
        return out.toByteArray();
    }

    /** Reads and verifies a spill file. @throws CorruptSpillFileException when it does not add up */
    public static SpillRecord read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = headerEnd(bytes);
        if (end < 0) {
            throw new CorruptSpillFileException(file + ": no spill header");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
        if (!MAGIC.equals(lines[0])) {
            throw new CorruptSpillFileException(file + ": not a spill file (first line '" + lines[0] + "')");
        }
        Map<String, String> header = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                header.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            int length = Integer.parseInt(header.get("length"));
            int start = end + 2;
            if (bytes.length - start != length) {
                throw new CorruptSpillFileException(file + ": payload has " + (bytes.length - start) + " bytes, header says "
                        + length + " (truncated?)");
            }
            byte[] payload = Arrays.copyOfRange(bytes, start, bytes.length);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            if (!Long.toHexString(crc.getValue()).equals(header.get("crc32c"))) {
                throw new CorruptSpillFileException(file + ": checksum mismatch");
            }
            String token = header.getOrDefault("token", "");
            return new SpillRecord(table(header.get("table")), List.of(header.get("columns").split(",")),
                    Integer.parseInt(header.get("rows")), token.isEmpty() ? null : token, payload);
        } catch (RuntimeException e) {
            throw new CorruptSpillFileException(file + ": bad header (" + e.getMessage() + ")");
        }
    }

    /** The row count from a file's header only, or -1 when unreadable. */
    public static int rowsOf(Path file) {
        try {
            byte[] head = new byte[4096];
            int read;
            try (var in = Files.newInputStream(file)) {
                read = in.readNBytes(head, 0, head.length);
            }
            for (String line : new String(head, 0, read, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("rows=")) {
                    return Integer.parseInt(line.substring(5));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static TableRef table(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? TableRef.of(name) : new TableRef(name.substring(0, dot), name.substring(dot + 1));
    }

    private static int headerEnd(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length && i < 1 << 20; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
