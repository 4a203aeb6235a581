package io.clicktype.batch.test;

/**
 * A local ClickHouse a test started for itself ({@link ClickHouseServers#startOwn(String)}), beside the
 * shared one: same route and version, its own ports, data and settings. {@link #close()} stops it and
 * deletes its data; a JVM exit does the same if the test does not.
 */
public interface OwnedClickHouseServer extends ClickHouseServer, AutoCloseable {

    /** Stops the server and deletes its data. Idempotent. */
    @Override
    void close();
}
