package io.clicktype.batch;

import io.clicktype.batch.spi.ClickHouseTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The application of {@link PrivateFilesIT}, started under {@code umask 000} with its own {@code java.io.tmpdir}:
 * makes a control file and directory with the JDK's plain calls (they show what the umask gives), then uses the
 * library's defaults — a write-ahead-logged batcher (directory, lock, id, segments) and a disk spill with a batch
 * ClickHouse refuses (spill file, {@code rejected/}) — and prints {@code DONE}. Args: url, database.
 */
public final class PrivateFilesMain {

    private PrivateFilesMain() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createFile(tmp.resolve("control-file"));
        Files.createDirectory(tmp.resolve("control-dir"));
        try (ClickHouseTransport transport = ClickHouseTransports.clientV2(ConnectionConfig.builder(args[0])
                .database(args[1]).connectTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)).build())) {
            Batcher<PrivateFilesIT.SecureEvent> batcher = Batcher.builder(PrivateFilesIT.SecureEvent.class)
                    .transport(transport).config(BatchConfig.builder().durability(Durability.WAL)
                            .wal(WalConfig.defaults().withMaxSize(8L << 20)).build()).build();
            BatcherHandle<PrivateFilesIT.SecureEvent> handle = batcher.start();
            for (int i = 0; i < 100; i++) {
                handle.insert(new PrivateFilesIT.SecureEvent(i, "private"));
            }
            handle.flush().get();
            batcher.close();
            // a missing table is waited for (missingTableTimeout); zero sets the file aside at once, into rejected/
            try (DiskSpill spill = DiskSpill.builder(DiskSpill.defaultDirectory("app"), transport)
                    .missingTableTimeout(java.time.Duration.ZERO).build()) {
                spill.onFailedBatch(new FailedBatch(new TableRef(args[1], "no_such_table"), List.of("id"),
                        new byte[8], 1, 1, null, null));
                spill.replayNow();
                System.out.println("REJECTED " + spill.stats().rejectedFiles());
            }
        }
        System.out.println("DONE");
    }
}
