package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktype.batch.test.ClickHouseServer;
import io.clicktype.batch.test.ClickHouseTest;
import io.clicktype.batch.test.TestDatabase;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rows at rest stay private to the application's user: what the library writes with its defaults is mode 0700 /
 * 0600 even under {@code umask 000}, and a directory another user owns or may write to refuses the start.
 */
@ClickHouseTest
class PrivateFilesIT {

    @ClickTable("secure_events")
    record SecureEvent(long id, String payload) {
    }

    @TempDir
    Path tmp;

    private static ClickHouseTransport transport(ClickHouseServer server, TestDatabase db) {
        return ClickHouseTransports.clientV2(ConnectionConfig.builder(server.httpUrl()).username(server.username())
                .password(server.password()).database(db.name()).connectTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10)).build());
    }

    /**
     * Under {@code umask 000} nothing may give other users a bit; under {@code umask 0700} (which takes the owner's
     * own bits) the library must give them back, or its directories would be unusable.
     */
    @ParameterizedTest(name = "umask {0}")
    @CsvSource({"000, rw-rw-rw-, rwxrwxrwx", "0700, ---rw-rw-, ---rwxrwx"})
    void everythingWrittenIsOwnerOnlyWhateverTheUmask(String umask, String controlFile, String controlDir,
            ClickHouseServer server, TestDatabase db) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to set the umask");
        Assumptions.assumeTrue(server.password().isEmpty(), "the subprocess connects as default without password");
        db.execute("CREATE TABLE IF NOT EXISTS secure_events (id Int64, payload String) ENGINE = MergeTree() ORDER BY id");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long before = db.count("secure_events");
        Process app = new ProcessBuilder("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"", java,
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), PrivateFilesMain.class.getName(),
                server.httpUrl(), db.name()).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("REJECTED 1", "DONE");
        assertThat(db.count("secure_events")).isEqualTo(before + 100);

        // the umask really was in force: what the JDK's plain calls made shows it
        assertThat(mode(tmp.resolve("control-file"))).isEqualTo(controlFile);
        assertThat(mode(tmp.resolve("control-dir"))).isEqualTo(controlDir);

        Path base = tmp.resolve("clicktype-batch-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_"));
        TreeMap<String, String> modes = new TreeMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                modes.put(base.relativize(path).toString(), mode(path));
            }
        }
        String table = "secure_events";
        assertThat(modes).containsKeys("", "wal", "wal/" + table, "wal/" + table + "/lock", "wal/" + table + "/log.id",
                "spill", "spill/app", "spill/app/rejected");
        assertThat(modes.keySet()).anyMatch(p -> p.startsWith("wal/" + table + "/") && p.endsWith(".wal"));
        assertThat(modes.keySet()).anyMatch(p -> p.startsWith("spill/app/rejected/") && p.endsWith(".spill"));
        List<String> wrong = new ArrayList<>();
        modes.forEach((path, mode) -> {
            boolean directory = Files.isDirectory(base.resolve(path), LinkOption.NOFOLLOW_LINKS);
            if (!mode.equals(directory ? "rwx------" : "rw-------")) {
                wrong.add(path + " " + mode);
            }
        });
        assertThat(wrong).as("entries not owner-only, of " + modes).isEmpty();
    }

    @Test
    void aSpillDirectoryOfAnotherUserRefusesTheStart(ClickHouseServer server, TestDatabase db) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "giving a directory to another user (chown 65534) needs root; this test runs as "
                        + System.getProperty("user.name"));
        Path theirs = Files.createDirectory(tmp.resolve("planted"));
        Files.setAttribute(theirs, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        String owner = Files.getOwner(theirs).getName();
        try (ClickHouseTransport transport = transport(server, db)) {
            assertThatThrownBy(() -> DiskSpill.builder(theirs, transport).build())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("The spill directory " + theirs + " is owned by " + owner + ", not by root")
                    .hasMessageContaining("mode 0755")
                    .hasMessageContaining("chown root " + theirs + " && chmod 700 " + theirs);
        }
    }

    @Test
    void aGroupWritableLogDirectoryRefusesTheStart(ClickHouseServer server, TestDatabase db) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS secure_events (id Int64, payload String) ENGINE = MergeTree() ORDER BY id");
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        try (ClickHouseTransport transport = transport(server, db)) {
            Batcher<SecureEvent> batcher = Batcher.builder(SecureEvent.class).transport(transport)
                    .config(BatchConfig.builder().durability(Durability.WAL)
                            .wal(WalConfig.defaults().withDirectory(shared).withMaxSize(8L << 20)).build()).build();
            assertThatThrownBy(batcher::start)
                    .hasMessageContaining("The write-ahead log directory " + shared + " is writable by its group")
                    .hasMessageContaining("mode 0775")
                    .hasMessageContaining("chmod 700 " + shared);
            batcher.close();
        }
        assertThat(shared).isEmptyDirectory();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
