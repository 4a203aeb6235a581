package io.clicktype.batch.spill;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The self-describing spill file: a text header ({@code CTSPILL 2}, then {@code key=value} lines:
 * database, table, columns, rows, format, token, types (the live column types, absent in older files),
 * length, crc32c), an empty line, then the payload: RowBinary rows ({@code format=RowBinary}, every file before
 * Native existed) or one Native block ({@code format=Native}), replayed in that format whatever the batcher's
 * format is now. Names are URL-encoded (UTF-8) in the header, so a table or column named with a dot, a comma,
 * a newline or {@code =} reads back exactly; version 1 files (names written as they were, only plain
 * identifiers) are still read. A file whose header, length or checksum does not add up is corrupt as a
 * whole — never replayed half-way.
 */
public final class SpillFileFormat {

    static final String MAGIC = "CTSPILL 2";
    static final String MAGIC_V1 = "CTSPILL 1";
    /** The {@code format} values: the ClickHouse format names the payload is sent as. */
    static final String ROW_BINARY = "RowBinary";
    static final String NATIVE = "Native";

    private SpillFileFormat() {
    }

    /** The bytes of a spill file for {@code record}. */
    public static byte[] encode(SpillRecord record) {
        byte[] payload = record.payload();
        byte[] header = header(record.table(), record.columns(), record.rows(), record.deduplicationToken(),
                record.columnTypes(), record.format(), payload, payload.length);
        byte[] file = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, file, header.length, payload.length);
        return file;
    }

    /**
     * The header of a spill file whose payload is the first {@code length} bytes of {@code payload}: write it, then
     * those bytes, and the file is what {@link #encode} makes, without copying the payload.
     */
    public static byte[] header(TableRef table, List<String> columns, int rows, String deduplicationToken,
            List<String> columnTypes, BatchFormat format, byte[] payload, int length) {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, length);
        StringBuilder header = new StringBuilder(MAGIC).append('\n')
                .append("database=").append(table.database() == null ? "" : encode(table.database()))
                .append('\n')
                .append("table=").append(encode(table.table())).append('\n')
                .append("columns=").append(encodeAll(columns)).append('\n')
                .append("rows=").append(rows).append('\n')
                .append("format=").append(format == BatchFormat.NATIVE ? NATIVE : ROW_BINARY).append('\n')
                .append("token=").append(deduplicationToken == null ? "" : deduplicationToken).append('\n')
                .append("types=").append(columnTypes == null ? "" : encodeAll(columnTypes)).append('\n')
                .append("length=").append(length).append('\n')
                .append("crc32c=").append(Long.toHexString(crc.getValue())).append("\n\n");
        return header.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads and verifies a spill file. @throws CorruptSpillFileException when it does not add up */
    public static SpillRecord read(Path file) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readAllBytes();
        }
        int end = headerEnd(bytes);
        if (end < 0) {
            throw new CorruptSpillFileException(file + ": no spill header");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
        boolean v1 = MAGIC_V1.equals(lines[0]);
        if (!v1 && !MAGIC.equals(lines[0])) {
            throw new CorruptSpillFileException(file + ": not a spill file (first line '" + lines[0] + "')");
        }
        Map<String, String> header = fields(lines);
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
            TableRef table = table(header, v1);
            List<String> columns = v1 ? List.of(header.get("columns").split(",")) : decodeAll(header.get("columns"));
            String types = header.getOrDefault("types", "");
            String format = header.getOrDefault("format", ROW_BINARY);
            if (!format.equals(ROW_BINARY) && !format.equals(NATIVE)) {
                throw new CorruptSpillFileException(file + ": unknown payload format '" + format + "'");
            }
            return new SpillRecord(table, columns, Integer.parseInt(header.get("rows")), token.isEmpty() ? null : token,
                    payload, v1 || types.isEmpty() ? null : decodeAll(types),
                    format.equals(NATIVE) ? BatchFormat.NATIVE : BatchFormat.ROW_BINARY);
        } catch (RuntimeException e) {
            throw new CorruptSpillFileException(file + ": bad header (" + e.getMessage() + ")");
        }
    }

    /** The row count from a file's header only, or -1 when unreadable. */
    public static int rowsOf(Path file) {
        return peek(file).rows();
    }

    /**
     * What a file's header says of its table and rows, from its first 4 KiB only (no checksum: for counting, not for
     * replay); {@link Peek#UNREADABLE} when the file cannot be read.
     */
    public static Peek peek(Path file) {
        try {
            byte[] head = new byte[4096];
            int read;
            try (var in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                read = in.readNBytes(head, 0, head.length);
            }
            return peek(head, read);
        } catch (IOException e) {
            return Peek.UNREADABLE;
        }
    }

    /** {@link #peek(Path)} of a header in {@code head}'s first {@code length} bytes. */
    public static Peek peek(byte[] head, int length) {
        String[] lines = new String(head, 0, Math.min(length, 4096), StandardCharsets.UTF_8).split("\n");
        try {
            Map<String, String> header = fields(lines);
            String rows = header.get("rows");
            return new Peek(header.containsKey("table") ? table(header, MAGIC_V1.equals(lines[0])) : null,
                    rows == null ? -1 : Integer.parseInt(rows));
        } catch (RuntimeException e) {
            return Peek.UNREADABLE;
        }
    }

    /** The header's {@code key=value} lines after its first (the magic), up to the empty line that ends it. */
    private static Map<String, String> fields(String[] lines) {
        Map<String, String> header = new HashMap<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                header.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        return header;
    }

    /** The table a header names: URL-encoded names, or version 1's {@code db.table} as it was written. */
    private static TableRef table(Map<String, String> header, boolean v1) {
        return v1 ? tableV1(header.get("table"))
                : new TableRef(decode(header.get("database")), decode(header.get("table")));
    }

    /**
     * A spill file's table and rows as its header says.
     *
     * @param table the table, {@code null} when the header does not say
     * @param rows  the rows, -1 when the header does not say
     */
    public record Peek(TableRef table, int rows) {
        /** A file that could not be read. */
        public static final Peek UNREADABLE = new Peek(null, -1);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String encodeAll(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(out.length() == 0 ? "" : ",").append(encode(name));
        }
        return out.toString();
    }

    private static String decode(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    private static List<String> decodeAll(String encoded) {
        List<String> names = new ArrayList<>();
        for (String name : encoded.split(",", -1)) {
            names.add(decode(name));
        }
        return List.copyOf(names);
    }

    /** Version 1 wrote {@code db.table} as it was; its names were plain identifiers, so the dot splits them. */
    private static TableRef tableV1(String name) {
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
