package io.clicktype.batch.test;

/**
 * A real ClickHouse server for tests, reached over its HTTP interface.
 *
 * <p>Obtained through {@link ClickHouseServers#shared()} (or injected by {@link ClickHouseTest});
 * one per JVM. Thread-safe.
 */
public interface ClickHouseServer {

    /** Base URL of the HTTP interface, e.g. {@code http://127.0.0.1:41234}. */
    String httpUrl();

    /** Host of the HTTP interface. */
    String host();

    /** Port of the HTTP interface. */
    int httpPort();

    /**
     * Port of the native (TCP) protocol, for {@code clickhouse-client}: known for a local process and a
     * container; for {@code CLICKHOUSE_URL}, {@code CLICKHOUSE_TCP_PORT} or 9000.
     */
    int nativePort();

    /** User name to connect as. */
    String username();

    /** Password of {@link #username()}, may be empty. */
    String password();

    /** Server version, e.g. {@code 18.16.1}. */
    String version();

    /** Where the server came from: {@code env}, {@code testcontainers} or {@code local-binary}. */
    String source();

    /** Whether the server knows the data type family, e.g. {@code DateTime64}. */
    boolean supportsType(String family);

    /** Whether the server knows the setting, e.g. {@code async_insert}. */
    boolean supportsSetting(String name);

    /** Whether the server knows the data format, e.g. {@code RowBinaryWithNamesAndTypes} (from {@code system.formats}). */
    boolean supportsFormat(String format);

    /** Whether {@link #stop()} and {@link #start()} are available (only for a local process). */
    boolean canRestart();

    /**
     * Kills the server process (as a crash would) and returns once it is gone and its port refuses
     * connections.
     *
     * @throws UnsupportedOperationException when {@link #canRestart()} is false
     */
    void stop();

    /**
     * Starts the server again on the same ports and data, returning once it answers {@code /ping}.
     *
     * @throws UnsupportedOperationException when {@link #canRestart()} is false
     */
    void start();

    /**
     * Runs one statement in the {@code default} database and returns the response body.
     *
     * @throws IllegalStateException with the server's text when the statement fails
     */
    String execute(String sql);
}
