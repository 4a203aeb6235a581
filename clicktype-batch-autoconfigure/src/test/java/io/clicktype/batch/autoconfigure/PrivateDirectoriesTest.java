package io.clicktype.batch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.DiskSpill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's spill directory: private by default, and a directory others may write refuses the start. */
class PrivateDirectoriesTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickTypeBatchAutoConfiguration.class))
            .withBean(ClickHouseTransport.class, FakeTransport::new)
            .withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.none");

    @Test
    void theDefaultSpillDirectoryIsTheUsersOwn() {
        runner.withPropertyValues("spring.application.name=shop")
                .run(context -> assertThat(context.getBean(DiskSpill.class).directory())
                        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "clicktype-batch-"
                                + System.getProperty("user.name"), "spill", "shop")));
    }

    @Test
    void aGroupWritableSpillDirectoryRefusesTheStartNamingPropertyModeAndFix() throws Exception {
        Path spill = Files.createDirectory(dir.resolve("spill"));
        Files.setPosixFilePermissions(spill, PosixFilePermissions.fromString("rwxrwx---"));
        runner.withPropertyValues("clicktype.batch.spill.directory=" + spill)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("clicktype.batch.spill")
                        .hasMessageContaining("The spill directory " + spill + " is writable by its group")
                        .hasMessageContaining("mode 0770")
                        .hasMessageContaining("chmod 700 " + spill));
    }

    @Test
    void aLogDirectoryOfOthersIsExplainedByTheFailureAnalyzer() throws Exception {
        Path wal = Files.createDirectory(dir.resolve("wal"));
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rwxrwxrwx"));
        runner.withPropertyValues("clicktype.batch.packages=io.clicktype.batch.autoconfigure.entities",
                        "clicktype.batch.spill.enabled=false", "clicktype.batch.durability=wal",
                        "clicktype.batch.wal.directory=" + wal)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ClickTypeBatchFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("The write-ahead log directory " + wal
                            + " is writable by its group and by every other user").contains("mode 0777");
                    assertThat(analysis.getAction()).startsWith("`chown " + System.getProperty("user.name") + " " + wal
                            + " && chmod 700 " + wal + "`").contains("clicktype.batch.wal.directory");
                });
        assertThat(wal).isEmptyDirectory();
    }
}
