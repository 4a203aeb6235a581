package io.clicktype.batch.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file per local server this harness started, naming the server's pid, the JVM that owns it and
 * its directory. At the next start, servers whose owner JVM is gone (killed before its shutdown
 * hook ran) are killed and their directories removed, so no run leaves a server behind for long.
 */
final class PidFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PidFiles.class);

    private final Path directory;

    PidFiles(Path directory) {
        this.directory = directory;
    }

    /** The shared default: {@code ${java.io.tmpdir}/clicktype-batch-test}. */
    static PidFiles standard() {
        return new PidFiles(Path.of(System.getProperty("java.io.tmpdir"), "clicktype-batch-test"));
    }

    /** Records a started server; returns its pid file. */
    Path record(long serverPid, long ownerPid, Path serverDirectory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("server-" + serverPid + ".pid");
        Files.writeString(file, serverPid + "\n" + ownerPid + "\n" + serverDirectory.toAbsolutePath() + "\n",
                StandardCharsets.UTF_8);
        return file;
    }

    /** Kills servers left by dead JVMs; returns how many it found. */
    int sweep() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int swept = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "server-*.pid")) {
            for (Path file : files) {
                if (sweepOne(file)) {
                    swept++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not read {} to remove servers left by earlier runs: {}", directory, e.toString());
        }
        return swept;
    }

    private boolean sweepOne(Path file) throws IOException {
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 3) {
            Files.deleteIfExists(file);
            return false;
        }
        long serverPid = Long.parseLong(lines[0].trim());
        long ownerPid = Long.parseLong(lines[1].trim());
        if (isAlive(ownerPid)) {
            return false;
        }
        Path serverDirectory = Path.of(lines[2].trim());
        ProcessHandle.of(serverPid)
                .filter(p -> commandMentions(p, serverDirectory.toString()))
                .ifPresent(p -> {
                    LOG.warn("Killing ClickHouse pid {} left behind by dead test JVM {}", serverPid, ownerPid);
                    p.destroyForcibly();
                });
        Directories.deleteRecursively(serverDirectory);
        Files.deleteIfExists(file);
        return true;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean commandMentions(ProcessHandle process, String text) {
        Optional<String> line = process.info().commandLine();
        return line.isEmpty() || line.get().contains(text);
    }
}
