package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.Batcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts every batcher once all beans exist (validating each table; a mismatch fails start-up) and
 * stops them all, in parallel, early in shutdown.
 *
 * <p>Phase {@link #PHASE}: lower than the web server's graceful shutdown
 * ({@code DEFAULT_PHASE - 1024}) and the web server itself ({@code DEFAULT_PHASE - 2048}), so batchers
 * start before the server takes requests and stop only after it stopped taking them; and, being a
 * lifecycle, before any bean — the transport, a DataSource — is destroyed.
 */
public class BatcherLifecycle implements SmartLifecycle {

    /** The lifecycle phase of the batchers. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ObjectProvider<Batcher<?>> batchers;
    private volatile boolean running;

    public BatcherLifecycle(ObjectProvider<Batcher<?>> batchers) {
        this.batchers = batchers;
    }

    @Override
    public void start() {
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            batcher.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Batcher<?> batcher : batchers.orderedStream().toList()) {
            closing.add(CompletableFuture.runAsync(batcher::close,
                    task -> new Thread(task, "clicktype-batch-close-" + batcher.table()).start()));
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
