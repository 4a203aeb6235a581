package io.clicktype.batch.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Start-up failure of a local server, with a stand-in "binary" that dies after a second. */
class LocalClickHouseServerTest {

    @Test
    void aServerThatDiesDuringStartUpFailsNamingItsLogWhichIsKept() {
        IllegalStateException failure = catchThrowableOfType(IllegalStateException.class,
                () -> LocalClickHouseServer.start(List.of("sh", "-c", "sleep 1; exit 3")));

        assertThat(failure).hasMessageContaining("exited during start-up").hasMessageContaining("its log is kept at");
        Matcher log = Pattern.compile("kept at (\\S+)/log/clickhouse-server\\.log").matcher(failure.getMessage());
        assertThat(log.find()).isTrue();
        Path directory = Path.of(log.group(1));
        try {
            assertThat(directory.resolve("config.xml")).exists();
            assertThat(directory.resolve("log")).isDirectory();
        } finally {
            Directories.deleteRecursively(directory);
        }
    }
}
