package io.clicktype.batch;

/** When the write-ahead log is forced to disk ({@code FileChannel.force}). */
public enum WalFsync {
    /**
     * Before {@code insert} returns: concurrent producers share one fsync (group commit). Nothing for which
     * {@code insert} returned is lost, not even on power loss.
     */
    ALWAYS,
    /**
     * Every {@link WalConfig#fsyncInterval()}: {@code insert} returns once the row is in the operating system's
     * page cache. A killed process loses nothing; a power loss or kernel crash loses at most the last interval.
     */
    INTERVAL
}
