package io.clicktype.batch.transport;

import com.clickhouse.client.api.DataStreamWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the valid range of the batcher's payload array as the insert body, in full every time it
 * is asked.
 *
 * <p>Why not the client's {@code InputStream} overload: the Apache HTTP client underneath client-v2
 * re-sends a request once by itself when the answer is 503 or 429, and re-runs the body callback to
 * do so. A stream would be exhausted by then and the repeat would be an EMPTY insert that succeeds,
 * silently losing the batch; this writer sends the same bytes again instead. Not thread-safe; one
 * per request.
 */
final class PayloadWriter implements DataStreamWriter {

    private final byte[] header;
    private final byte[] payload;
    private final int length;

    /** @param header bytes sent before the payload (a format header), or {@code null} */
    PayloadWriter(byte[] header, byte[] payload, int length) {
        this.header = header;
        this.payload = payload;
        this.length = length;
    }

    @Override
    public void onOutput(OutputStream out) throws IOException {
        if (header != null) {
            out.write(header);
        }
        out.write(payload, 0, length);
    }

    /** Nothing to rewind: {@link #onOutput} always writes from the start. */
    @Override
    public void onRetry() {
    }
}
