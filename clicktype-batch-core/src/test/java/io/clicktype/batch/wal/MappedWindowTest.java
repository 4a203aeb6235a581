package io.clicktype.batch.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window is unmapped when asked, not when collected (on this JVM's way: {@code java.lang.foreign} from Java 22,
 * {@code Unsafe.invokeCleaner} before), and what was written through it stays in the file.
 */
class MappedWindowTest {

    @TempDir
    Path dir;

    /** The lines of {@code /proc/self/maps} that map {@code file} (Linux). */
    static List<String> mappingsOf(Path file) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeThat(Files.isReadable(maps)).as("Linux /proc/self/maps").isTrue();
        String name = file.toRealPath().toString();
        return Files.readAllLines(maps).stream().filter(line -> line.endsWith(name)).toList();
    }

    @Test
    void aWindowIsUnmappedAtOnceAndWhatWasWrittenThroughItStaysInTheFile() throws IOException {
        Path file = dir.resolve("segment");
        Files.write(file, new byte[3 * 4096]);
        MappedWindow window = MappedWindow.map(file, 4096, 4096);
        window.buffer().putInt(8, 0x01020304);
        assertThat(mappingsOf(file)).hasSize(1);

        window.unmap();
        window.unmap(); // a second call does nothing

        assertThat(mappingsOf(file)).as("no mapping of the file is left").isEmpty();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new byte[] {bytes[4096 + 8], bytes[4096 + 11]}).as("little-endian, at the window's offset")
                .containsExactly(4, 1);
    }

    @Test
    void anInterruptedThreadMapsAndKeepsItsInterrupt() throws IOException {
        Path file = dir.resolve("segment");
        Files.write(file, new byte[4096]);
        Thread.currentThread().interrupt();
        try {
            MappedWindow window = MappedWindow.map(file, 0, 4096);
            window.buffer().put(0, (byte) 9);
            window.unmap();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 9);
    }
}
