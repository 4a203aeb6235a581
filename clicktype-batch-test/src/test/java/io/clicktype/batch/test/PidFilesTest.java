package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {

    @TempDir
    Path dir;

    @Test
    void sweepKillsAServerWhoseOwnerIsGoneAndKeepsOneWhoseOwnerLives() throws Exception {
        Path orphanDir = Files.createDirectories(dir.resolve("orphan-server"));
        Process orphan = new ProcessBuilder("sleep", "600", orphanDir.toString()).start();
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor(10, TimeUnit.SECONDS);
        Process ownedServer = new ProcessBuilder("sleep", "600").start();
        try {
            PidFiles pidFiles = new PidFiles(dir.resolve("pids"));
            pidFiles.record(orphan.pid(), deadOwner.pid(), orphanDir);
            pidFiles.record(ownedServer.pid(), ProcessHandle.current().pid(), dir.resolve("live-server"));

            assertThat(pidFiles.sweep()).isEqualTo(1);

            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(orphanDir).doesNotExist();
            assertThat(ownedServer.isAlive()).isTrue();
            assertThat(dir.resolve("pids")).isDirectoryContaining("glob:**/server-" + ownedServer.pid() + ".pid");
        } finally {
            orphan.destroyForcibly();
            ownedServer.destroyForcibly();
        }
    }
}
