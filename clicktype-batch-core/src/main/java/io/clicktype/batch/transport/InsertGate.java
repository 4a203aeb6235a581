package io.clicktype.batch.transport;

import io.clicktype.batch.TransportException;
import java.util.concurrent.Semaphore;

/**
 * Lets at most {@code maxConnections - }{@value #RESERVED} inserts through one transport at once, in arrival order,
 * so that every batcher sharing a client shares its pool by design: a sender whose turn has not come waits here,
 * without a timeout, instead of in the client's pool, where a wait longer than {@code connectTimeout} fails the
 * attempt ("waited connectTimeout for a pooled connection"), which then counts as a failed insert, is retried with
 * back-off and, under memory pressure, sends the batch to the spill. The {@value #RESERVED} connections left over
 * keep schema reads, health pings and server probes from waiting behind the inserts. The senders' schema reads
 * (before a batch, {@code schema.SchemaGuard}) take turns for those in a gate of their own ({@link #forSchemaReads}):
 * thirty batchers starting at once would otherwise queue thirty reads in the pool, and those waiting longer than
 * {@code connectTimeout} would fail their batch's attempt. With one connection per sender (the starter's default: one
 * per table plus 4) nobody ever waits here. Thread-safe.
 */
final class InsertGate {

    /** Connections of the pool kept for queries (schema reads, pings, probes). */
    static final int RESERVED = 2;

    private final Semaphore turns;
    private final int size;
    private final String purpose;

    InsertGate(int maxConnections) {
        this(Math.max(1, maxConnections - RESERVED), "inserts");
    }

    private InsertGate(int size, String purpose) {
        this.size = size;
        this.purpose = purpose;
        this.turns = new Semaphore(size, true);
    }

    /** The gate of the schema reads: the {@value #RESERVED} connections the inserts leave (fewer in a smaller pool). */
    static InsertGate forSchemaReads(int maxConnections) {
        return new InsertGate(Math.max(1, Math.min(RESERVED, maxConnections - 1)), "schema reads");
    }

    /**
     * Waits for a turn; the caller must {@link #leave()} after its insert.
     *
     * @throws TransportException retryable, when interrupted while waiting (the batcher is closing): nothing was sent
     */
    void enter(String operation) {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(operation + " interrupted while it waited its turn for one of the client's "
                    + size + " connections for " + purpose + " [retryable]; nothing was sent.", true, 0, 0, e);
        }
    }

    void leave() {
        turns.release();
    }

    /** Inserts let through at once. */
    int size() {
        return size;
    }

    /** Inserts waiting for their turn now (an estimate, for tests and stats). */
    int waiting() {
        return turns.getQueueLength();
    }
}
