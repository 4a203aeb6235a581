package io.clicktype.batch.transport.cluster;

import io.clicktype.batch.spi.InsertRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Batches pinned to their shard in direct mode. A batch whose insert failed in a way that may have stored it (the
 * answer was lost) must go to the same shard when it is retried or replayed in this process: that shard's
 * Replicated table drops a second copy, another shard would keep it. Kept by the batch's deduplication token, else
 * a checksum of its bytes; the oldest pins are forgotten beyond {@value #MAX_PINNED}. Thread-safe.
 */
final class ShardPins {

    /** Batches kept pinned to their shard after a failure that may have stored them (oldest forgotten first). */
    static final int MAX_PINNED = 10_000;

    private final Map<String, Integer> pinned = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                    return size() > MAX_PINNED;
                }
            });

    /** The key of {@code request} when any batch is pinned, else {@code null} (no checksum while none is). */
    String keyIfAnyPinned(InsertRequest request) {
        return pinned.isEmpty() ? null : batchKey(request);
    }

    /** The shard index the batch with {@code key} is pinned to, or {@code null}. */
    Integer shardOf(String key) {
        return key == null ? null : pinned.get(key);
    }

    /** Pins the batch to shard index {@code shard}; {@code key} may be {@code null} (then computed now). */
    void pin(String key, InsertRequest request, int shard) {
        pinned.put(key != null ? key : batchKey(request), shard);
    }

    /** Forgets the pin of a batch that has now been stored. */
    void release(String key) {
        if (key != null) {
            pinned.remove(key);
        }
    }

    /** Identifies a batch across its retries: its deduplication token, else a checksum of its bytes. */
    static String batchKey(InsertRequest request) {
        if (request.deduplicationToken() != null) {
            return request.deduplicationToken();
        }
        CRC32C crc = new CRC32C();
        crc.update(request.payload(), 0, request.length());
        return request.table() + "/" + request.rows() + "/" + request.length() + "/" + crc.getValue();
    }
}
