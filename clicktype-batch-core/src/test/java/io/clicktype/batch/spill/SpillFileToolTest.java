package io.clicktype.batch.spill;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SpillFileTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path spillFile(BatchFormat format, List<String> types, byte[] payload) throws Exception {
        return Files.write(dir.resolve("a.spill"), SpillFileFormat.encode(new SpillRecord(
                new TableRef("app", "events"), List.of("id", "user name"), 2, "tok-1", payload, types, format)));
    }

    @Test
    void describesTheFileAndGivesCommandsThatReadItsRowsWithClickHouseLocal() throws Exception {
        Path file = spillFile(BatchFormat.ROW_BINARY, List.of("UInt8", "String"), new byte[] {1, 1, 'a', 2, 0});

        assertThat(run(file.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("table     app.events").contains("rows      2").contains("format    RowBinary")
                .contains("columns   id UInt8, `user name` String").contains("token     tok-1")
                .contains("--payload '" + file + "' > batch.bin")
                .contains("clickhouse-local --input-format RowBinary --structure 'id UInt8, `user name` String'")
                .contains("curl \"$CLICKHOUSE_URL/\" --url-query 'query=SELECT * FROM batch FORMAT Vertical' "
                        + "--url-query 'batch_format=RowBinary' --url-query 'batch_structure=id UInt8, `user name` "
                        + "String' -F 'batch=@batch.bin'")
                .contains("curl \"$CLICKHOUSE_URL/\" --url-query 'query=INSERT INTO `app`.`events` SELECT * FROM "
                        + "batch WHERE ...' --url-query 'batch_format=RowBinary' --url-query 'batch_structure=id "
                        + "UInt8, `user name` String' -F 'batch=@batch.bin'");
    }

    @Test
    void writesThePayloadAsItIsToStandardOutput() throws Exception {
        byte[] payload = {2, 1, 2, 'i', 'd', 5, 'U', 'I', 'n', 't', '8', 7, 9};
        Path file = spillFile(BatchFormat.NATIVE, List.of("UInt8", "String"), payload);

        assertThat(run("--payload", file.toString())).isZero();

        assertThat(out.toByteArray()).isEqualTo(payload);
    }

    @Test
    void aFileWithoutTypesSaysWhereToFindThem() throws Exception {
        Path file = spillFile(BatchFormat.ROW_BINARY, null, new byte[] {1});

        assertThat(run(file.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("types not recorded")
                .contains("--structure '<name type, ...>'");
    }

    @Test
    void aCorruptFileIsNamedWithWhatIsWrongAndExitsOne() throws Exception {
        Path file = spillFile(BatchFormat.ROW_BINARY, List.of("UInt8", "String"), new byte[] {1, 2, 3});
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));

        assertThat(run(file.toString())).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read " + file).contains("truncated");
    }

    @Test
    void anythingElseIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--payloads", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: SpillFileTool FILE");
    }
}
