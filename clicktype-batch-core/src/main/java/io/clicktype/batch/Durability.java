package io.clicktype.batch;

/**
 * Where an accepted row lives until ClickHouse acknowledges it (see docs/delivery.md).
 */
public enum Durability {
    /**
     * In memory (the queue, then a batch buffer): fastest; rows not yet acknowledged or spilled are lost when
     * the JVM is killed.
     */
    MEMORY,
    /**
     * In a write-ahead log on local disk ({@link WalConfig}): {@code insert} returns after the encoded row was
     * appended to the log (and fsynced, with {@link WalFsync#ALWAYS}); batches are cut from the log and
     * everything not acknowledged is sent again at the next start. Replaces the disk spill for the table.
     */
    WAL
}
