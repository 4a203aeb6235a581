package io.clicktype.batch.transport;

import io.clicktype.batch.TransportException;
import java.util.concurrent.Semaphore;

/**
 * Shares one transport's connection pool between every batcher using it, by design: at most
 * {@code maxConnections - }{@value #RESERVED} inserts, and at most {@value #RESERVED} queries (schema reads, the
 * schema guard's reads before a batch, health pings, server probes), run at once, each in arrival order. A request
 * whose turn has not come waits here, without a timeout, instead of in the client's pool, where a wait longer than
 * {@code connectTimeout} fails the attempt ("waited connectTimeout for a pooled connection"), which then counts as a
 * failed insert, is retried with back-off and, under memory pressure, sends the batch to the spill. Queries have
 * their own turns so that they never wait behind inserts, and so that many tables reading their schema at once (the
 * first batch of each, or every batch on servers that cannot check types) cannot take the pool from each other
 * either. With one connection per sender (the starter's default: one per table plus 4) no insert ever waits here.
 * Thread-safe.
 */
final class ConnectionTurns {

    /** Connections of the pool kept for queries. */
    static final int RESERVED = 2;

    private final Semaphore inserts;
    private final Semaphore queries;
    private final int insertTurns;

    ConnectionTurns(int maxConnections) {
        this.insertTurns = Math.max(1, maxConnections - RESERVED);
        this.inserts = new Semaphore(insertTurns, true);
        this.queries = new Semaphore(RESERVED, true);
    }

    /**
     * Waits for an insert's turn; the caller must {@link #leaveInsert()} after its insert.
     *
     * @throws TransportException retryable, when interrupted while waiting (the batcher is closing): nothing was sent
     */
    void enterInsert(String operation) {
        enter(inserts, insertTurns, operation, "inserts");
    }

    void leaveInsert() {
        inserts.release();
    }

    /**
     * Waits for a query's turn; the caller must {@link #leaveQuery()} after its query.
     *
     * @throws TransportException retryable, when interrupted while waiting: nothing was sent
     */
    void enterQuery(String operation) {
        enter(queries, RESERVED, operation, "queries");
    }

    void leaveQuery() {
        queries.release();
    }

    private static void enter(Semaphore turns, int size, String operation, String kind) {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(operation + " interrupted while it waited its turn for one of the client's "
                    + size + " connections for " + kind + " [retryable]; nothing was sent.", true, 0, 0, e);
        }
    }

    /** Inserts let through at once. */
    int insertTurns() {
        return insertTurns;
    }

    /** Inserts waiting for their turn now (an estimate, for tests and stats). */
    int insertsWaiting() {
        return inserts.getQueueLength();
    }

    /** Queries waiting for their turn now (an estimate, for tests). */
    int queriesWaiting() {
        return queries.getQueueLength();
    }
}
