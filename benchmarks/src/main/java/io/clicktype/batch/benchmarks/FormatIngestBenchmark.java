package io.clicktype.batch.benchmarks;

import io.clicktype.batch.BatchConfig;
import io.clicktype.batch.BatchFormat;
import io.clicktype.batch.benchmarks.IngestBenchmark.Event;
import io.clicktype.batch.encoding.BatchEncoder;
import io.clicktype.batch.encoding.RowBinaryBatchEncoder;
import io.clicktype.batch.encoding.RowBuffer;
import io.clicktype.batch.mapping.RowMapping;
import io.clicktype.batch.mapping.RowMappings;
import io.clicktype.batch.spi.ServerInfo;
import io.clicktype.batch.startup.FormatChoice;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 24's sitting: Native against RowBinary end to end, interleaved, on one server. Per round (the contenders in
 * a fixed order, the rounds repeated): the batcher at {@code BatchConfig} defaults (the {@code AUTO} format: Native
 * where the server converts Native types, else RowBinary), the batcher with {@code format} ROW_BINARY and with NATIVE
 * (otherwise defaults), the official client's POJO insert at 100 000 rows per call, the pre-encoded RowBinary HTTP
 * ceiling (100 000 rows per POST) and {@code clickhouse-client} (RowBinary over the native protocol). Each run prints
 * rows/s, JVM CPU, the server process's CPU per row ({@code -Dserver.pid}), the server's own per-query CPU
 * ({@code UserTimeMicroseconds + SystemTimeMicroseconds}) and the bytes it received where it counts them; before the
 * rounds, the bytes both formats put on the wire with LZ4 (each 100 000-row batch compressed in the transport's
 * 256 KiB blocks, plus each block's 25-byte header: ClickHouse's compressed HTTP body). With
 * {@code -Duncompressed.too=true} each round also runs the batcher in both formats with
 * {@code compressRequests(false)}: the server's CPU per row for each format without the LZ4 decompression both share.
 *
 * <pre>java -Dserver.pid=PID -cp benchmarks.jar io.clicktype.batch.benchmarks.FormatIngestBenchmark URL ROWS TCP_PORT ROUNDS</pre>
 */
public final class FormatIngestBenchmark {

    private FormatIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        int tcpPort = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Event[] events = IngestBenchmark.events();
        System.out.printf("formats sitting: %,d rows per run, %d rounds, %s (ClickHouse %s), JVM %s, load %s%n", rows,
                rounds, url, IngestBenchmark.sql(url, "SELECT version()").trim(), Runtime.version(),
                IngestBenchmark.loadAverage());
        wireBytes(events, rows);
        int warmUp = Math.min(rows, 200_000);
        for (BatchFormat format : new BatchFormat[] {BatchFormat.ROW_BINARY, BatchFormat.NATIVE}) {
            IngestBenchmark.batcher(url, warmUp, events, "  warm-up " + format, config(format), true);
        }
        IngestBenchmark.reset(url);
        IngestBenchmark.officialClient(url, warmUp, events, 100_000);
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d, load %s%n", round, IngestBenchmark.loadAverage());
            // the batcher's runs in an order rotated by round: the first run of a round was measured slower and
            // costlier in the JVM whichever configuration it was (docs/benchmarks.md §12)
            for (int i = 0; i < BATCHERS.size(); i++) {
                Map.Entry<String, BatchConfig> run = BATCHERS.get((i + round - 1) % BATCHERS.size());
                IngestBenchmark.batcher(url, rows, events, run.getKey(), run.getValue(), true);
            }
            if (Boolean.getBoolean("uncompressed.too")) {
                for (BatchFormat format : new BatchFormat[] {BatchFormat.ROW_BINARY, BatchFormat.NATIVE}) {
                    IngestBenchmark.batcher(url, rows, events, "batcher, format " + format + ", uncompressed",
                            config(format), false);
                }
            }
            IngestBenchmark.reset(url);
            IngestBenchmark.officialClient(url, rows, events, 100_000);
            IngestBenchmark.check(url, rows);
            IngestBenchmark.reset(url);
            IngestBenchmark.serverCeiling(url, rows, events, 100_000);
            IngestBenchmark.check(url, rows);
            IngestBenchmark.reset(url);
            IngestBenchmark.nativeCeiling(url, tcpPort, rows, events);
            IngestBenchmark.check(url, rows);
        }
        System.out.printf("load at the end %s%n", IngestBenchmark.loadAverage());
    }

    /** The batcher's contenders, by name as printed. */
    private static final List<Map.Entry<String, BatchConfig>> BATCHERS = List.of(
            Map.entry("batcher, BatchConfig defaults (format AUTO)", BatchConfig.defaults()),
            Map.entry("batcher, format ROW_BINARY", config(BatchFormat.ROW_BINARY)),
            Map.entry("batcher, format NATIVE", config(BatchFormat.NATIVE)),
            Map.entry("batcher, 1 insert in flight (format NATIVE)",
                    config(BatchFormat.NATIVE).toBuilder().insertsInFlight(1).build()));

    private static BatchConfig config(BatchFormat format) {
        return BatchConfig.builder().format(format).build();
    }

    /** Payload bytes of both formats for {@code rows} rows in 100 000-row batches, raw and LZ4-compressed. */
    private static void wireBytes(Event[] events, int rows) {
        RowMapping<Event> mapping = RowMappings.create(Event.class, IngestBenchmark.TABLE);
        BatchEncoder<Event> rowBinary = new RowBinaryBatchEncoder<>(mapping.encoder());
        BatchEncoder<Event> nativeBlocks = FormatChoice.encoder(mapping, BatchFormat.NATIVE, new ServerInfo("26.7",
                Set.of(ServerInfo.NATIVE_TYPES_CONVERSION), Set.of()));
        for (BatchEncoder<Event> encoder : java.util.List.of(rowBinary, nativeBlocks)) {
            long raw = 0;
            long lz4 = 0;
            RowBuffer payload = new RowBuffer(1 << 20);
            for (int start = 0; start < rows; start += 100_000) {
                payload.clear();
                for (int i = start; i < Math.min(rows, start + 100_000); i++) {
                    encoder.encode(events[i & 4095], payload);
                }
                encoder.seal(payload, Integer.MAX_VALUE, 1 << 16);
                raw += payload.size();
                lz4 += lz4(payload.array(), payload.size());
            }
            System.out.printf("wire bytes, %s: %,d raw, %,d with LZ4 (%.1f bytes/row)%n", encoder.format(), raw, lz4,
                    (double) lz4 / rows);
        }
    }

    private static long lz4(byte[] bytes, int length) {
        net.jpountz.lz4.LZ4Compressor compressor = net.jpountz.lz4.LZ4Factory.fastestInstance().fastCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(LZ4_BLOCK_BYTES)];
        long total = 0;
        for (int at = 0; at < length; at += LZ4_BLOCK_BYTES) {
            total += 25 + compressor.compress(bytes, at, Math.min(LZ4_BLOCK_BYTES, length - at), out, 0, out.length);
        }
        return total;
    }

    /** The transport's LZ4 block (ClientV2Factory: 256 KiB of uncompressed bytes per block). */
    private static final int LZ4_BLOCK_BYTES = 256 * 1024;
}
