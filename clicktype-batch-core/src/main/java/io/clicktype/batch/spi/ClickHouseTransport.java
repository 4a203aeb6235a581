package io.clicktype.batch.spi;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import java.util.List;

/**
 * How a batcher talks to ClickHouse: the service-provider interface (SPI) behind every insert, metadata read and
 * health check.
 *
 * <p>Users do not call it: they pass one to a {@code Batcher} or {@code DiskSpill} (the default one comes from
 * {@code io.clicktype.batch.ClickHouseTransports.clientV2}, in Spring Boot it is the starter's bean), and they may
 * implement it, e.g. an in-memory one for tests. It lives apart from the user API so that what a transport
 * receives ({@link InsertRequest}, {@link ServerInfo}, {@link TableEngine}) does not crowd what users import. A
 * transport that writes to a cluster's shards also implements {@link ShardedTransport}.
 *
 * <p>Implementations are thread-safe (batchers may share one) and throw {@link TransportException} with
 * {@link TransportException#retryable()} set truthfully: it decides whether a batch is retried or handed to the
 * failed-batch handler.
 */
public interface ClickHouseTransport extends AutoCloseable {

    /**
     * Sends one RowBinary insert and returns once the server acknowledged it.
     *
     * @throws TransportException when the server refused the insert or could not be reached
     */
    void insert(InsertRequest request);

    /**
     * Reads the live table's columns in table order.
     *
     * @throws TransportException when the table does not exist or the server cannot be reached
     */
    List<TableColumn> describeTable(TableRef table);

    /**
     * Probes the server's version and abilities; may be cached by the implementation.
     *
     * @throws TransportException when the server cannot be reached
     */
    ServerInfo serverInfo();

    /**
     * The table's engine, for deciding what a retried batch does ({@code Batcher.delivery()}). The default
     * knows nothing ({@code null}): delivery is then reported as at-least-once.
     *
     * @throws TransportException when the server cannot be asked
     */
    default TableEngine tableEngine(TableRef table) {
        return null;
    }

    /**
     * Asks the server something trivial, now (for health checks: one question however many tables). The
     * default asks for {@link #serverInfo()}, which an implementation may have cached.
     *
     * @throws TransportException when the server does not answer
     */
    default void ping() {
        serverInfo();
    }

    /** Releases connections; further calls fail. */
    @Override
    void close();
}
