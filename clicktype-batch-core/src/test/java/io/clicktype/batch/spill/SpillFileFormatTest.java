package io.clicktype.batch.spill;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.TableRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileFormatTest {

    @TempDir
    Path dir;

    @Test
    void namesWithDotsCommasNewlinesAndEqualsReadBackExactly() throws Exception {
        TableRef table = new TableRef("d.b=1", "t.a,b\nc ü`\\");
        List<String> columns = List.of("tags.name", "a,b", "x=y", "new\nline", "%41", "");
        SpillRecord record = new SpillRecord(table, columns, 3, "tok", new byte[] {1, 2, 3});
        Path file = Files.write(dir.resolve("a.spill"), SpillFileFormat.encode(record));

        SpillRecord read = SpillFileFormat.read(file);

        assertThat(read.table()).isEqualTo(table);
        assertThat(read.columns()).isEqualTo(columns);
        assertThat(read.rows()).isEqualTo(3);
        assertThat(read.payload()).containsExactly(1, 2, 3);
        assertThat(SpillFileFormat.rowsOf(file)).isEqualTo(3);
        assertThat(SpillFileFormat.peek(file)).isEqualTo(new SpillFileFormat.Peek(table, 3));
    }

    @Test
    void aFileThatIsNotASpillFilePeeksAsUnknown() throws Exception {
        Path file = Files.writeString(dir.resolve("c.spill"), "rows=x\n");
        assertThat(SpillFileFormat.peek(file)).isEqualTo(SpillFileFormat.Peek.UNREADABLE);
        assertThat(SpillFileFormat.peek(dir.resolve("missing.spill"))).isEqualTo(SpillFileFormat.Peek.UNREADABLE);
    }

    @Test
    void aTableInTheDefaultDatabaseStaysThereAndUnknownColumnTypesStayUnknown() throws Exception {
        SpillRecord record = new SpillRecord(TableRef.of("events"), List.of("id"), 1, null, new byte[] {7});
        Path file = Files.write(dir.resolve("b.spill"), SpillFileFormat.encode(record));

        assertThat(SpillFileFormat.read(file).table()).isEqualTo(TableRef.of("events"));
        assertThat(SpillFileFormat.read(file).columnTypes()).isNull();
    }

    @Test
    void theFormatReadsBackAndFilesWithoutNativeAreRowBinary() throws Exception {
        SpillRecord block = new SpillRecord(TableRef.of("events"), List.of("id"), 1, "tok", new byte[] {1, 1, 2},
                null, io.clicktype.batch.BatchFormat.NATIVE);
        SpillRecord rows = new SpillRecord(TableRef.of("events"), List.of("id"), 1, "tok", new byte[] {7});
        Path nativeFile = Files.write(dir.resolve("n.spill"), SpillFileFormat.encode(block));
        Path rowFile = Files.write(dir.resolve("r.spill"), SpillFileFormat.encode(rows));

        assertThat(new String(Files.readAllBytes(nativeFile), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\nformat=Native\n");
        assertThat(SpillFileFormat.read(nativeFile).format()).isEqualTo(io.clicktype.batch.BatchFormat.NATIVE);
        assertThat(SpillFileFormat.read(rowFile).format()).isEqualTo(io.clicktype.batch.BatchFormat.ROW_BINARY);
    }

    @Test
    void anUnknownFormatIsACorruptFileNotAMisreadOne() throws Exception {
        SpillRecord record = new SpillRecord(TableRef.of("events"), List.of("id"), 1, null, new byte[] {7});
        String text = new String(SpillFileFormat.encode(record), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("format=RowBinary", "format=Parquet");
        Path file = Files.write(dir.resolve("p.spill"), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpillFileFormat.read(file))
                .isInstanceOf(CorruptSpillFileException.class).hasMessageContaining("Parquet");
    }

    @Test
    void columnTypesReadBackExactly() throws Exception {
        List<String> types = List.of("Map(String, Nullable(Decimal(38, 10)))", "DateTime64(3, 'Asia/Tokyo')",
                "Enum8('a,b' = 1, 'c=d' = 2)");
        SpillRecord record = new SpillRecord(TableRef.of("events"), List.of("m", "t", "e"), 1, "tok", new byte[] {7},
                types);
        Path file = Files.write(dir.resolve("c.spill"), SpillFileFormat.encode(record));

        assertThat(SpillFileFormat.read(file).columnTypes()).isEqualTo(types);
    }

    @Test
    void versionOneFilesAreStillRead() throws Exception {
        byte[] header = ("CTSPILL 1\ntable=analytics.events\ncolumns=id,name\nrows=1\nformat=RowBinary\ntoken=\n"
                + "length=1\ncrc32c=" + crcOf(new byte[] {9}) + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[header.length + 1];
        System.arraycopy(header, 0, bytes, 0, header.length);
        bytes[header.length] = 9;
        Path file = Files.write(dir.resolve("c.spill"), bytes);

        SpillRecord read = SpillFileFormat.read(file);

        assertThat(read.table()).isEqualTo(new TableRef("analytics", "events"));
        assertThat(read.columns()).containsExactly("id", "name");
        assertThat(read.deduplicationToken()).isNull();
    }

    private static String crcOf(byte[] payload) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        return Long.toHexString(crc.getValue());
    }
}
