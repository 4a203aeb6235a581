package io.clicktype.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Java string with an unpaired UTF-16 surrogate has no UTF-8 form; {@code String.getBytes} would store {@code '?'}.
 * The batcher refuses such a row on the caller's thread, naming table, column and position, in every place a string
 * is written, in both durability modes (the writers of String, Array(String), FixedString and JSON: Utf8Test,
 * WritersTest).
 */
class UnpairedSurrogateTest {

    /** A row of {@code notes}: the real mapping, not a test encoder. */
    @ClickTable("notes")
    public record Note(long id, String text) {
    }

    private static final List<TableColumn> COLUMNS = List.of(new TableColumn("id", "UInt64", ""),
            new TableColumn("text", "String", ""));

    @Test
    void refusedAtInsertInMemoryMode() throws Exception {
        refusedAtInsert(BatchConfig.defaults());
    }

    @Test
    void refusedAtInsertWithTheWriteAheadLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        refusedAtInsert(BatchConfig.builder().durability(Durability.WAL)
                .wal(WalConfig.defaults().withDirectory(dir).withFsync(WalFsync.INTERVAL)).build());
    }

    private void refusedAtInsert(BatchConfig config) throws Exception {
        RecordingTransport transport = new RecordingTransport();
        try (Batcher<Note> batcher = Batcher.builder(Note.class).transport(transport).columns(COLUMNS).config(config)
                .closeOnJvmExit(false).build()) {
            BatcherHandle<Note> handle = batcher.start();
            assertThatThrownBy(() -> handle.insert(new Note(1, "ok \uD83D then")))
                    .isInstanceOf(RowRejectedException.class).hasMessageContaining("notes")
                    .hasMessageContaining("`text`").hasMessageContaining("U+D83D at index 3");
            assertThatThrownBy(() -> handle.insert(new Note(2, "\uDE00")))
                    .isInstanceOf(RowRejectedException.class).hasMessageContaining("unpaired UTF-16 surrogate");
            handle.insert(new Note(3, "a pair \uD83D\uDE00 is fine"));
            handle.flush().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(transport.allIds()).containsExactly(3L);
            assertThat(batcher.stats().rejectedRows()).isEqualTo(2);
        }
    }
}
