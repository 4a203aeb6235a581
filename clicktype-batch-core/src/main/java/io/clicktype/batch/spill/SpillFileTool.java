package io.clicktype.batch.spill;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a spill file for a person: what it holds, and its rows handed to ClickHouse's own tools. A batch set aside in
 * {@code rejected/} waits for someone to find out why it was refused and to decide what to do with its rows; the file
 * is binary (RowBinary rows, or a Native block), so reading it needs something that understands those formats, and
 * {@code clickhouse-local} does, for every type, exactly as the server would.
 *
 * <pre>
 * java -cp clicktype-batch-core.jar io.clicktype.batch.spill.SpillFileTool FILE             # what it holds, how to read it
 * java -cp clicktype-batch-core.jar io.clicktype.batch.spill.SpillFileTool --payload FILE   # its rows, to stdout
 * </pre>
 *
 * Needs only the JDK and this jar (no logging library). Exit status 0, 1 when the file cannot be read (corrupt: its
 * checksum or length does not add up), 2 for a usage error. See docs/delivery.md, "Set-aside batches".
 */
public final class SpillFileTool {

    /** A name ClickHouse reads without quotes (quoted ones are backquoted). */
    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SpillFileTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * {@link #main} with its streams given, returning its exit status instead of exiting (to run it inside another
     * program).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean payload = args.length == 2 && args[0].equals("--payload");
        if (!(args.length == 1 && !args[0].startsWith("-")) && !payload) {
            err.println("usage: SpillFileTool FILE             what the spill file holds, and how to read its rows");
            err.println("       SpillFileTool --payload FILE   its rows (RowBinary or a Native block) to standard "
                    + "output, for clickhouse-local or clickhouse-client");
            return 2;
        }
        Path file = Path.of(args[args.length - 1]);
        SpillRecord record;
        try {
            record = SpillFileFormat.read(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        if (payload) {
            try {
                OutputStream raw = out;
                raw.write(record.payload());
                raw.flush();
            } catch (IOException e) {
                err.println("cannot write the payload: " + e.getMessage());
                return 1;
            }
            return 0;
        }
        describe(file, record, out);
        return 0;
    }

    private static void describe(Path file, SpillRecord record, PrintStream out) {
        String format = record.format() == BatchFormat.NATIVE ? "Native" : "RowBinary";
        String structure = structure(record.columns(), record.columnTypes());
        out.println("spill file " + file);
        out.println("  table     " + record.table());
        out.println("  rows      " + record.rows());
        out.println("  format    " + format + (record.format() == BatchFormat.NATIVE
                ? " (one block; it names and types its columns itself)" : " (rows only, in the columns' order)"));
        out.println("  columns   " + (structure != null ? structure : String.join(", ", record.columns())
                + " (types not recorded: a file of an older version; take them from the table, DESCRIBE TABLE)"));
        out.println("  token     " + (record.deduplicationToken() == null ? "(none)" : record.deduplicationToken()));
        out.println("  checksum  ok");
        out.println();
        String tool = "java -cp <clicktype-batch-core jar> " + SpillFileTool.class.getName();
        String shown = structure != null ? structure : "<name type, ...>";
        out.println("Its rows, read by ClickHouse itself:");
        out.println("  " + tool + " --payload " + shellQuoted(file.toString()) + " > batch.bin");
        out.println("  clickhouse-local --input-format " + format + " --structure " + shellQuoted(shown)
                + " --query \"SELECT * FROM table FORMAT Vertical\" < batch.bin");
        out.println("  or over HTTP, any server (curl 7.87+ for --url-query):");
        out.println("  " + withBatch("SELECT * FROM batch FORMAT Vertical", format, shown));
        out.println("Once the cause is fixed, the whole batch is replayed by moving the file back into the spill "
                + "directory (a write-ahead log's: by a DiskSpill over its rejected/ folder).");
        out.println("To insert only some of its rows instead, e.g. without the one refused (any server):");
        out.println("  " + withBatch("INSERT INTO " + record.table().quoted() + " SELECT * FROM batch WHERE ...",
                format, shown));
    }

    /**
     * A curl command that runs {@code query} over HTTP with batch.bin as the external table {@code batch} (ClickHouse
     * docs, "External Data for Query Processing": {@code batch_format}, {@code batch_structure}, a multipart file).
     */
    private static String withBatch(String query, String format, String structure) {
        return "curl \"$CLICKHOUSE_URL/\" --url-query " + shellQuoted("query=" + query) + " --url-query "
                + shellQuoted("batch_format=" + format) + " --url-query " + shellQuoted("batch_structure=" + structure)
                + " -F 'batch=@batch.bin'";
    }

    /** {@code `name` Type, ...} as clickhouse-local's {@code --structure} takes it; {@code null} without types. */
    static String structure(List<String> columns, List<String> types) {
        if (types == null || types.size() != columns.size()) {
            return null;
        }
        StringBuilder structure = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                structure.append(", ");
            }
            String name = columns.get(i);
            structure.append(PLAIN.matcher(name).matches() ? name : TableRef.quote(name)).append(' ')
                    .append(types.get(i));
        }
        return structure.toString();
    }

    /** A POSIX shell word: single quotes, a quote inside closed, escaped and reopened. */
    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
