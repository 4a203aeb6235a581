package io.clicktype.batch.spill;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.TableRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetAsideFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFolderThatDoesNotExistHoldsNothing() {
        assertThat(new SetAsideFiles(dir.resolve("rejected")).held()).isEqualTo(SetAsideFiles.Held.NONE);
    }

    @Test
    void countsFilesAndTheirRowsAndSeesFilesTakenOutByHand() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("rejected"));
        Path first = spillFile(folder, "a.spill", 3);
        spillFile(folder, "b.spill", 4);
        Files.write(folder.resolve("c.spill"), new byte[] {1, 2, 3}); // unreadable header: a file, no rows
        Files.write(folder.resolve("d.spill.tmp"), new byte[] {1}); // a write not finished: not a file yet
        Files.write(folder.resolve("lock"), new byte[0]); // a DiskSpill replaying the folder: not a batch
        SetAsideFiles held = new SetAsideFiles(folder, 0);

        assertThat(held.held()).isEqualTo(new SetAsideFiles.Held(3, 7));

        Files.move(first, dir.resolve("a.spill")); // moved back to be replayed
        assertThat(held.held()).isEqualTo(new SetAsideFiles.Held(2, 4));
    }

    @Test
    void aFileSetAsideByThisProcessCountsAtOnceAndOnlyOnce() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("rejected"));
        SetAsideFiles held = new SetAsideFiles(folder, Long.MAX_VALUE);
        assertThat(held.held()).isEqualTo(SetAsideFiles.Held.NONE);

        Path file = spillFile(folder, "a.spill", 5);
        held.added(file, 5);
        held.added(file, 5);

        assertThat(held.held()).isEqualTo(new SetAsideFiles.Held(1, 5));
    }

    private static Path spillFile(Path folder, String name, int rows) throws Exception {
        byte[] payload = new byte[rows];
        byte[] header = SpillFileFormat.header(TableRef.of("events"), List.of("id"), rows, null, List.of("UInt8"),
                BatchFormat.ROW_BINARY, payload, payload.length);
        byte[] file = new byte[header.length + payload.length];
        System.arraycopy(header, 0, file, 0, header.length);
        return Files.write(folder.resolve(name), file);
    }
}
