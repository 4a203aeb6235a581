package io.clicktype.batch.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The transport's place in the layers, read from the sources: the transport (and its cluster part) never uses the
 * engine above it; the plain transport never uses its cluster part; the SPI uses only the API's value types, and
 * none of those uses the SPI back (no import cycle between the API package and the SPI).
 */
class TransportArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/clicktype/batch");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.clicktype\\.batch\\.[\\w.]+);",
            Pattern.MULTILINE);

    @Test
    void theTransportNeverUsesTheEngine() throws IOException {
        assertThat(offenders(MAIN.resolve("transport"), true, "io.clicktype.batch.engine.")).isEmpty();
    }

    @Test
    void thePlainTransportNeverUsesItsClusterPart() throws IOException {
        assertThat(offenders(MAIN.resolve("transport"), false, "io.clicktype.batch.transport.cluster.")).isEmpty();
    }

    @Test
    void theSpiUsesOnlyTheApisValueTypesAndNoneOfThemUsesTheSpiBack() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles(MAIN.resolve("spi"), false)) {
            Matcher imports = IMPORT.matcher(Files.readString(file));
            while (imports.find()) {
                String imported = imports.group(1);
                String simple = imported.substring("io.clicktype.batch.".length());
                if (simple.startsWith("spi.")) {
                    continue;
                }
                if (!Character.isUpperCase(simple.charAt(0))) {
                    offenders.add(file.getFileName() + " imports internal " + imported);
                } else if (Files.readString(MAIN.resolve(simple.replace('.', '/') + ".java"))
                        .contains("io.clicktype.batch.spi.")) {
                    offenders.add(file.getFileName() + " imports " + imported + ", which uses the SPI back");
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    /** Lines of the sources under {@code root} that name {@code forbidden} (imports and qualified names alike). */
    private static List<String> offenders(Path root, boolean subpackages, String forbidden) throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles(root, subpackages)) {
            for (String line : Files.readAllLines(file)) {
                if (line.contains(forbidden) && !line.startsWith("package ")) {
                    offenders.add(MAIN.relativize(file) + ": " + line.trim());
                }
            }
        }
        return offenders;
    }

    private static List<Path> javaFiles(Path root, boolean subpackages) throws IOException {
        try (Stream<Path> files = subpackages ? Files.walk(root) : Files.list(root)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).as("sources under " + root).isNotEmpty();
            return sources;
        }
    }
}
