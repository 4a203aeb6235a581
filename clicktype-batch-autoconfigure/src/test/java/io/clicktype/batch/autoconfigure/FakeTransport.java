package io.clicktype.batch.autoconfigure;

import io.clicktype.batch.TableColumn;
import io.clicktype.batch.TableRef;
import io.clicktype.batch.TransportException;
import io.clicktype.batch.spi.ClickHouseTransport;
import io.clicktype.batch.spi.InsertRequest;
import io.clicktype.batch.spi.ServerInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport for context and health tests: knows the test tables' columns and counts inserted rows;
 * inserts, describes and pings fail while {@link #down} is set.
 */
public class FakeTransport implements ClickHouseTransport {

    final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();
    volatile boolean closed;
    /** While set, every call that would reach the server fails with a retryable "Connection refused". */
    public volatile boolean down;
    /** While set, every insert throws this {@code Error} (a fault inside the library, e.g. out of memory). */
    public volatile Error insertError;
    volatile boolean clicksButtonIsNumeric;

    @Override
    public void insert(InsertRequest request) {
        Error error = insertError;
        if (error != null) {
            throw error;
        }
        if (down) {
            throw new TransportException("Connection refused", true, 0, 0, null);
        }
        rows.computeIfAbsent(request.table().table(), t -> new AtomicLong()).addAndGet(request.rows());
    }

    @Override
    public List<TableColumn> describeTable(TableRef table) {
        if (down) {
            throw new TransportException("Connection refused", true, 0, 0, null);
        }
        return switch (table.table()) {
            case "page_views" -> List.of(new TableColumn("id", "Int64", ""), new TableColumn("url", "String", ""));
            case "clicks" -> List.of(new TableColumn("id", "Int64", ""), new TableColumn("button", clicksButtonIsNumeric ? "UInt64" : "String", ""));
            case "spill", "server" -> List.of(new TableColumn("id", "Int64", ""));
            default -> throw new TransportException("Table " + table + " doesn't exist", false, 60, 404, null);
        };
    }

    @Override
    public void ping() {
        if (down) {
            throw new TransportException("Connection refused", true, 0, 0, null);
        }
    }

    @Override
    public ServerInfo serverInfo() {
        return new ServerInfo("25.8.1", Set.of("async_insert"), Set.of());
    }

    @Override
    public void close() {
        closed = true;
    }
}
