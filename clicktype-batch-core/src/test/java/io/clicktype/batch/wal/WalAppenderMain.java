package io.clicktype.batch.wal;

import io.clicktype.batch.TableRef;
import io.clicktype.batch.WalConfig;
import io.clicktype.batch.WalFsync;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The process {@link WalReuseKillTest} kills: appends numbered records to a log with fsync interval and the smallest
 * {@code maxSize} (1 MiB segments), cutting a batch every {@value #BATCH} records and acknowledging the batch before
 * it, so that acknowledged segments are reused while records keep coming. Prints {@code R <seq> <end> <acked>} after
 * every 50th append has returned: record {@code seq} is in the log, which ends at {@code end}, and everything before
 * {@code acked} is acknowledged. Args: directory, first sequence number.
 */
public final class WalAppenderMain {

    static final int BATCH = 2_000;
    static final int PAYLOAD = 200;

    private WalAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long seq = Long.parseLong(args[1]);
        WriteAheadLog log = WriteAheadLog.open(TableRef.of("events"), directory, WalConfig.defaults()
                .withDirectory(directory).withFsync(WalFsync.INTERVAL).withMaxSize(WalConfig.MIN_SIZE));
        byte[] record = new byte[WalRecords.DATA_PREFIX + PAYLOAD];
        long cut = log.start();
        long acked = log.start();
        System.out.println("STARTED");
        System.out.flush();
        for (long n = 1; ; n++, seq++) {
            Arrays.fill(record, WalRecords.DATA_PREFIX, record.length, (byte) seq);
            WalRecords.putLong(record, WalRecords.DATA_PREFIX, seq);
            WalRecords.sealData(record, record.length, 1);
            long end = log.append(record, record.length, 1, Long.MAX_VALUE);
            if (n % BATCH == 0) {
                log.cut(end);
                log.acknowledge(cut);
                acked = cut;
                cut = end;
            }
            if (n % 50 == 0) {
                System.out.println("R " + seq + " " + end + " " + acked);
                System.out.flush();
            }
        }
    }
}
